/** Secret-ballot cryptography (exponential ElGamal on ristretto255, proofs, threshold keys). Pure: no Node or DOM. */
export * from './group';
export * from './elgamal';
export * from './proofs';
export * from './ballot';
export * from './ceremony';
export * from './decrypt';
export * from './poll';
export * from './verify-poll';
export * from './batch';
export * from './running-total';
