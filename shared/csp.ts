/**
 * The Content-Security-Policy both shells send with the renderer (Electron's app:// and
 * browser mode's loopback host): one policy, so the two modes cannot drift apart.
 */
export const contentSecurityPolicy = [
  "default-src 'self'",
  "script-src 'self'",
  // React and pdf.js set inline style attributes; scripts stay strict.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  // pdf.js may start its worker from a blob: URL.
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
