package com.teesql.devcluster.platform;

import java.io.IOException;
import java.io.UncheckedIOException;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Enumerated;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;

/**
 * Encodes the Intel SGX extension ({@code 1.2.840.113741.1.13.1}) that a PCK certificate carries: a SEQUENCE of
 * (OID, value) pairs for PPID, TCB (16 component SVNs, PCESVN, CPUSVN), PCE-ID, FMSPC and SGX type.
 */
final class SgxPckExtension {

	/** The extension's OID. */
	static final ASN1ObjectIdentifier OID = new ASN1ObjectIdentifier("1.2.840.113741.1.13.1");

	/** SGX type of TDX-capable (Scalable) platforms. */
	static final int SGX_TYPE_SCALABLE = 1;

	private static final int COMPONENT_COUNT = 16;

	private static final int PCESVN_INDEX = 17;

	private static final int CPUSVN_INDEX = 18;

	private SgxPckExtension() {
	}

	/**
	 * The DER of the extension value (the SEQUENCE that the extension's OCTET STRING wraps).
	 * @param ppid 16-byte platform provisioning id
	 * @param cpuSvn 16-byte CPUSVN; its bytes are also the 16 component SVNs, as in genuine certificates
	 * @param pceSvn the PCE SVN
	 * @param pceId 2-byte PCE id
	 * @param fmspc 6-byte FMSPC
	 * @return the DER encoding
	 */
	static byte[] encode(byte[] ppid, byte[] cpuSvn, int pceSvn, byte[] pceId, byte[] fmspc) {
		ASN1ObjectIdentifier tcbOid = OID.branch("2");
		ASN1EncodableVector tcb = new ASN1EncodableVector();
		for (int i = 0; i < COMPONENT_COUNT; i++) {
			tcb.add(pair(tcbOid.branch(Integer.toString(i + 1)), new ASN1Integer(cpuSvn[i] & 0xFF)));
		}
		tcb.add(pair(tcbOid.branch(Integer.toString(PCESVN_INDEX)), new ASN1Integer(pceSvn)));
		tcb.add(pair(tcbOid.branch(Integer.toString(CPUSVN_INDEX)), new DEROctetString(cpuSvn)));
		ASN1EncodableVector values = new ASN1EncodableVector();
		values.add(pair(OID.branch("1"), new DEROctetString(ppid)));
		values.add(pair(tcbOid, new DERSequence(tcb)));
		values.add(pair(OID.branch("3"), new DEROctetString(pceId)));
		values.add(pair(OID.branch("4"), new DEROctetString(fmspc)));
		values.add(pair(OID.branch("5"), new ASN1Enumerated(SGX_TYPE_SCALABLE)));
		try {
			return new DERSequence(values).getEncoded(ASN1Encoding.DER);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not encode the SGX PCK extension", ex);
		}
	}

	private static DERSequence pair(ASN1ObjectIdentifier oid, ASN1Encodable value) {
		return new DERSequence(new ASN1Encodable[] { oid, value });
	}

}
