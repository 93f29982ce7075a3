import pkg from '../package.json';

export const serverVersion: string = pkg.version;
