/**
 * The running encrypted total's storage form (shared/crypto/running-total.ts): raw Edwards
 * coordinates read back to the same group elements, sums of any representative equal the
 * sums of the canonical points, and what is not a point on the curve is refused by name.
 */
import { describe, expect, it } from 'vitest';
import {
  addToRunningTotal,
  ciphertextsEqual,
  CryptoFormatError,
  decodeCiphertext,
  decodeRunningTotal,
  emptyRunningTotal,
  encodeCiphertext,
  encodeRunningTotal,
  encrypt,
  identity,
  mulG,
  pointFromRaw,
  pointToRaw,
  seededRng,
  sumCiphertexts,
} from '../../shared/crypto';

const rng = seededRng('running-total');
const key = mulG(rng());
const ballots = Array.from({ length: 7 }, (_, i) => [0, 1, 2].map((k) => encrypt(key, i % 3 === k ? 1 : 0, rng())));

describe('the running total', () => {
  it('reads back as the same points, the identity included', () => {
    for (const p of [identity, mulG(5n), ballots[0]![0]!.a.add(ballots[1]![0]!.a)]) expect(pointFromRaw(pointToRaw(p), 'p').equals(p)).toBe(true);
  });

  it('is the sum of the ballots added to it, through storage each time, equal to the sum of their canonical ciphertexts', () => {
    let text = encodeRunningTotal(emptyRunningTotal(3));
    for (const b of ballots) {
      // As the server gets them: decoded from the wire (affine) and added to the stored total.
      const wire = b.map((c) => decodeCiphertext(encodeCiphertext(c), 'c'));
      text = encodeRunningTotal(addToRunningTotal(decodeRunningTotal(text, 3), wire));
    }
    const total = decodeRunningTotal(text, 3);
    expect(total.ballots).toBe(7);
    [0, 1, 2].forEach((k) => expect(ciphertextsEqual(total.sums[k]!, sumCiphertexts(ballots.map((b) => b[k]!)))).toBe(true));
    // Its canonical encoding is the sealed total's.
    expect(total.sums.map(encodeCiphertext)).toEqual([0, 1, 2].map((k) => encodeCiphertext(sumCiphertexts(ballots.map((b) => b[k]!)))));
  });

  it('refuses a point off the curve, bad text, the wrong number of sums, and a ballot of another size', () => {
    const [X, Y, Z, T] = pointToRaw(mulG(9n)).split('.');
    expect(() => pointFromRaw([X, (BigInt(`0x${Y}`) + 1n).toString(16), Z, T].join('.'), 'sum 1')).toThrow(new CryptoFormatError('sum 1 is not a point on the curve.'));
    expect(() => pointFromRaw('1.2.3', 'sum 1')).toThrow("sum 1 is not a point's raw coordinates (four hex numbers).");
    expect(() => pointFromRaw('-1.2.3.4', 'sum 1')).toThrow(CryptoFormatError);
    expect(() => decodeRunningTotal('{', 3)).toThrow('The running total is not JSON.');
    expect(() => decodeRunningTotal(encodeRunningTotal(emptyRunningTotal(2)), 3)).toThrow('The running total must hold a ballot count and 3 sums.');
    expect(() => addToRunningTotal(emptyRunningTotal(3), ballots[0]!.slice(0, 2))).toThrow('a ballot of 2 ciphertexts cannot be added to totals of 3');
  });
});
