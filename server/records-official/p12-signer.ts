/**
 * @signpdf's PKCS#12 signer with node-forge's one flaw mended: forge writes the SignerInfo's
 * issuer from the parsed certificate's names and UTF-8-encodes a UTF8String value a second
 * time, so a certificate named in Vietnamese ("Tỉnh ủy Quảng Ninh") is named differently in
 * the SignerInfo than in the certificate itself, and no verifier finds the signer (pdfsig:
 * "Unknown Validation Failure"). The issuer is not among the signed attributes, so after
 * signing it is replaced with the certificate's own issuer, byte for byte. Otherwise as
 * P12Signer: CMS SignedData, detached, SHA-256, contentType / signingTime / messageDigest.
 */
import { Signer, SignPdfError } from '@signpdf/utils';
import forge from 'node-forge';

export class OrganisationSigner extends Signer {
  constructor(
    private readonly p12: Uint8Array,
    private readonly passphrase: string,
  ) {
    super();
  }

  override async sign(pdf: Buffer, signingTime: Date = new Date()): Promise<Buffer> {
    const asn1 = forge.asn1.fromDer(forge.util.createBuffer(Buffer.from(this.p12).toString('binary')));
    const p12 = forge.pkcs12.pkcs12FromAsn1(asn1, false, this.passphrase);
    const certs = (p12.getBags({ bagType: forge.pki.oids.certBag })[forge.pki.oids.certBag] ?? []).map((b) => b.cert).filter((c): c is forge.pki.Certificate => !!c);
    const key = (p12.getBags({ bagType: forge.pki.oids.pkcs8ShroudedKeyBag })[forge.pki.oids.pkcs8ShroudedKeyBag] ?? [])[0]?.key as forge.pki.rsa.PrivateKey | undefined;
    if (!key) throw new SignPdfError('The PKCS#12 file holds no private key.', SignPdfError.TYPE_INPUT);
    const certificate = certs.find((c) => {
      const pub = c.publicKey as forge.pki.rsa.PublicKey;
      return pub.n.compareTo(key.n) === 0 && pub.e.compareTo(key.e) === 0;
    });
    if (!certificate) throw new SignPdfError('No certificate in the PKCS#12 file matches its private key.', SignPdfError.TYPE_INPUT);

    const p7 = forge.pkcs7.createSignedData();
    p7.content = forge.util.createBuffer(pdf.toString('binary'));
    for (const c of certs) p7.addCertificate(c);
    p7.addSigner({
      key,
      certificate,
      digestAlgorithm: forge.pki.oids.sha256!,
      // The order matters to EU validators (as in P12Signer).
      authenticatedAttributes: [
        { type: forge.pki.oids.contentType!, value: forge.pki.oids.data },
        { type: forge.pki.oids.signingTime!, value: signingTime as unknown as string },
        { type: forge.pki.oids.messageDigest! },
      ],
    });
    p7.sign({ detached: true });
    const out = p7.toAsn1();
    mendSignerIssuer(out, certificate);
    return Buffer.from(forge.asn1.toDer(out).getBytes(), 'binary');
  }
}

type Node = forge.asn1.Asn1 & { value: Node[] | string };

/** ContentInfo → [0] → SignedData → signerInfos (its last element) → each SignerInfo's issuerAndSerialNumber.issuer. */
function mendSignerIssuer(contentInfo: forge.asn1.Asn1, cert: forge.pki.Certificate): void {
  const tbs = (cert as forge.pki.Certificate & { tbsCertificate?: Node }).tbsCertificate ?? (forge.pki.certificateToAsn1(cert) as Node).value[0]!;
  const fields = tbs.value as Node[];
  // TBSCertificate: [0] version (explicit, when present), serialNumber, signature, issuer, …
  const issuer = fields[fields[0]!.tagClass === forge.asn1.Class.CONTEXT_SPECIFIC ? 3 : 2]!;
  const signedData = ((contentInfo as Node).value as Node[])[1]!.value[0] as Node;
  const signerInfos = (signedData.value as Node[]).at(-1)!;
  for (const si of signerInfos.value as Node[]) {
    const issuerAndSerial = (si.value as Node[])[1]!;
    (issuerAndSerial.value as Node[])[0] = issuer;
  }
}
