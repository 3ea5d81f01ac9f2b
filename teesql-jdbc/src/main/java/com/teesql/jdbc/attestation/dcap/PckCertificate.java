package com.teesql.jdbc.attestation.dcap;

import java.io.IOException;
import java.math.BigInteger;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.security.auth.x500.X500Principal;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Enumerated;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;

import com.teesql.jdbc.attestation.Hex;
import com.teesql.jdbc.attestation.dcap.DcapVerificationException.Reason;

/**
 * The PCK leaf certificate and the platform facts Intel puts in its SGX extension
 * ({@code 1.2.840.113741.1.13.1}). Byte fields are lower-case hex.
 *
 * @param subject subject DN in RFC 2253 form (e.g. {@code C=US,...,CN=Intel SGX PCK Certificate})
 * @param issuer issuer DN in RFC 2253 form
 * @param serialNumber serial number as lower-case hex
 * @param notBefore start of validity
 * @param notAfter end of validity
 * @param ppid 16-byte platform provisioning id
 * @param cpuSvn 16-byte CPUSVN the certificate was issued for
 * @param componentSvns the 16 SGX TCB component SVNs
 * @param pceSvn PCE SVN
 * @param pceId 2-byte PCE id
 * @param fmspc 6-byte FMSPC
 * @param sgxType SGX type (0 standard, 1 scalable, ...)
 */
public record PckCertificate(String subject, String issuer, String serialNumber, Instant notBefore, Instant notAfter,
		String ppid, String cpuSvn, List<Integer> componentSvns, int pceSvn, String pceId, String fmspc,
		int sgxType) {

	static final String SGX_EXTENSION_OID = "1.2.840.113741.1.13.1";

	private static final String PPID = SGX_EXTENSION_OID + ".1";

	private static final String TCB = SGX_EXTENSION_OID + ".2";

	private static final String PCE_ID = SGX_EXTENSION_OID + ".3";

	private static final String FMSPC = SGX_EXTENSION_OID + ".4";

	private static final String SGX_TYPE = SGX_EXTENSION_OID + ".5";

	private static final String PCESVN = TCB + ".17";

	private static final String CPUSVN = TCB + ".18";

	public PckCertificate {
		componentSvns = List.copyOf(componentSvns);
	}

	static PckCertificate from(X509Certificate leaf) throws DcapVerificationException {
		byte[] extension = leaf.getExtensionValue(SGX_EXTENSION_OID);
		if (extension == null) {
			throw invalid("PCK certificate has no Intel SGX extension " + SGX_EXTENSION_OID, null);
		}
		try {
			ASN1Sequence sequence = ASN1Sequence
				.getInstance(ASN1Primitive.fromByteArray(ASN1OctetString.getInstance(extension).getOctets()));
			Map<String, ASN1Encodable> values = pairs(sequence, SGX_EXTENSION_OID);
			Map<String, ASN1Encodable> tcb = pairs(ASN1Sequence.getInstance(require(values, TCB)), TCB);
			List<Integer> components = new ArrayList<>();
			for (int i = 1; i <= TcbInfo.COMPONENT_COUNT; i++) {
				components.add(integer(require(tcb, TCB + "." + i), TCB + "." + i, 0xFF));
			}
			return new PckCertificate(leaf.getSubjectX500Principal().getName(X500Principal.RFC2253),
					leaf.getIssuerX500Principal().getName(X500Principal.RFC2253), leaf.getSerialNumber().toString(16),
					leaf.getNotBefore().toInstant(), leaf.getNotAfter().toInstant(), octets(values, PPID, 16),
					octets(tcb, CPUSVN, 16), components, integer(require(tcb, PCESVN), PCESVN, 0xFFFF),
					octets(values, PCE_ID, 2), octets(values, FMSPC, 6),
					ASN1Enumerated.getInstance(require(values, SGX_TYPE)).intValueExact());
		}
		catch (IOException | IllegalArgumentException | IllegalStateException | ArithmeticException ex) {
			throw invalid("PCK certificate SGX extension is malformed: " + ex.getMessage(), ex);
		}
	}

	private static Map<String, ASN1Encodable> pairs(ASN1Sequence sequence, String context)
			throws DcapVerificationException {
		Map<String, ASN1Encodable> values = new HashMap<>();
		for (ASN1Encodable element : sequence) {
			ASN1Sequence pair = ASN1Sequence.getInstance(element);
			if (pair.size() != 2) {
				throw invalid("entry of " + context + " is not an (OID, value) pair", null);
			}
			String oid = ASN1ObjectIdentifier.getInstance(pair.getObjectAt(0)).getId();
			if (values.putIfAbsent(oid, pair.getObjectAt(1)) != null) {
				throw invalid("duplicate " + oid + " in PCK certificate SGX extension", null);
			}
		}
		return values;
	}

	private static ASN1Encodable require(Map<String, ASN1Encodable> values, String oid)
			throws DcapVerificationException {
		ASN1Encodable value = values.get(oid);
		if (value == null) {
			throw invalid("PCK certificate SGX extension lacks " + oid, null);
		}
		return value;
	}

	private static String octets(Map<String, ASN1Encodable> values, String oid, int length)
			throws DcapVerificationException {
		byte[] bytes = ASN1OctetString.getInstance(require(values, oid)).getOctets();
		if (bytes.length != length) {
			throw invalid("PCK certificate " + oid + " must be " + length + " bytes, was " + bytes.length, null);
		}
		return Hex.encode(bytes);
	}

	private static int integer(ASN1Encodable value, String oid, int max) throws DcapVerificationException {
		BigInteger number = ASN1Integer.getInstance(value).getValue();
		if (number.signum() < 0 || number.compareTo(BigInteger.valueOf(max)) > 0) {
			throw invalid("PCK certificate " + oid + " must be in 0.." + max + ", was " + number, null);
		}
		return number.intValue();
	}

	private static DcapVerificationException invalid(String message, Throwable cause) {
		return new DcapVerificationException(Reason.PCK_EXTENSION_INVALID, message, cause);
	}

}
