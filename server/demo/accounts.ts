/** Demo account names, shared by the seeder and the CLI warning. */
export const defaultDemoSize = 60;
export const demoPassword = 'demo';

export function delegateUsername(i: number, size: number): string {
  return `delegate${String(i).padStart(String(size).length, '0')}`;
}

export function demoAccounts(size = defaultDemoSize): { fixed: string[]; first: string; last: string; summary: string } {
  const first = delegateUsername(1, size);
  const last = delegateUsername(size, size);
  const range = size === 1 ? first : `${first} … ${last}`;
  return {
    fixed: ['secretary', 'chair', 'admin'],
    first,
    last,
    summary: `Accounts: secretary (secretariat), chair (chair), ${range} (${size} delegate${size === 1 ? '' : 's'}), admin (global administrator, not a member); tu.secretary, tu.chair (Tỉnh ủy Quảng Ninh) and ubnd.secretary, ubnd.chair (UBND tỉnh Quảng Ninh), each organisation with a self-signed demo certificate.`,
  };
}
