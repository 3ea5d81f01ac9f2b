package com.teesql.devcluster.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import com.teesql.jdbc.attestation.RaTlsOids;
import com.teesql.jdbc.attestation.StackEvidenceCheck;
import com.teesql.jdbc.attestation.StackKind;
import com.teesql.jdbc.attestation.TdxQuoteLayout;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.util.IPAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issues RA-TLS keys the way the dstack guest agent's {@code GetTlsKey} does: a fresh P-256 key per call, a leaf
 * signed by the app CA, and (for RA-TLS requests) a {@code VersionedAttestation} extension whose quote binds the
 * leaf's SubjectPublicKeyInfo through {@code SHA-512("ratls-cert:" ‖ SPKI DER)}.
 */
public final class DevKeyIssuer {

	private static final Logger logger = LoggerFactory.getLogger(DevKeyIssuer.class);

	/** dstack's default leaf lifetime when the request names no {@code not_after}. */
	private static final Duration DEFAULT_VALIDITY = Duration.ofDays(3650);

	private static final String DEFAULT_SUBJECT = "teesql-dev";

	private final DevCertificateAuthority ca;

	private final DevTdxPlatform platform;

	private final TdIdentity td;

	private final SecureRandom random;

	/**
	 * Creates an issuer for one TD.
	 * @param ca the app CA that signs leaves
	 * @param platform the platform that quotes the TD
	 * @param td the TD the certificates attest
	 * @param random the randomness source
	 */
	public DevKeyIssuer(DevCertificateAuthority ca, DevTdxPlatform platform, TdIdentity td, SecureRandom random) {
		this.ca = ca;
		this.platform = platform;
		this.td = td;
		this.random = random;
	}

	/**
	 * Issues a key and certificate chain.
	 * @param request the request
	 * @param knobs how the certificate should deviate from a genuine one
	 * @return the key and chain (leaf, app CA)
	 * @throws IllegalArgumentException if the request names an invalid SAN or validity period, or asks for app info
	 */
	public IssuedKey issue(TlsKeyRequest request, AttestationKnobs knobs) {
		if (request.withAppInfo()) {
			throw new IllegalArgumentException("with_app_info is not supported by the dev guest agent");
		}
		Instant now = Instant.now();
		Instant notBefore = (request.notBefore() != null) ? Instant.ofEpochSecond(request.notBefore()) : now;
		Instant notAfter = (request.notAfter() != null) ? Instant.ofEpochSecond(request.notAfter())
				: now.plus(DEFAULT_VALIDITY);
		if (!notAfter.isAfter(notBefore)) {
			throw new IllegalArgumentException(
					"not_after (" + notAfter + ") must be later than not_before (" + notBefore + ")");
		}
		GeneralNames altNames = altNames(request.altNames());
		KeyPair key = DevCertificates.generateP256(this.random);
		SubjectPublicKeyInfo spki = DevCertificates.subjectPublicKeyInfo(key.getPublic());
		X509v3CertificateBuilder builder = new X509v3CertificateBuilder(issuerName(),
				DevCertificates.randomSerial(this.random), Date.from(notBefore), Date.from(notAfter),
				subjectName(request.subject()), spki);
		try {
			addStandardExtensions(builder, request, key, altNames);
			if (request.usageRaTls() && knobs.raTlsExtension()) {
				boolean legacy = knobs.evidence() == AttestationKnobs.Evidence.LEGACY_QUOTE;
				byte[] payload = attestation(spki, knobs, legacy);
				// extnValue = OCTET STRING { DER OCTET STRING { payload } }: dstack wraps the payload once itself.
				builder.addExtension(new ASN1ObjectIdentifier(legacy ? RaTlsOids.TDX_QUOTE : RaTlsOids.ATTESTATION),
						false, new DEROctetString(payload));
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		X509Certificate leaf = this.ca.sign(builder);
		logger.debug("Issued dev TLS key for '{}' (ra-tls={}, {})", request.subject(), request.usageRaTls(), knobs);
		return new IssuedKey(key.getPrivate(), List.of(leaf, this.ca.certificate()));
	}

	/**
	 * The TD this issuer attests.
	 * @return the TD identity
	 */
	public TdIdentity td() {
		return this.td;
	}

	/**
	 * The platform that quotes the TD.
	 * @return the platform
	 */
	public DevTdxPlatform platform() {
		return this.platform;
	}

	/**
	 * The app CA that signs leaves.
	 * @return the CA
	 */
	public DevCertificateAuthority certificateAuthority() {
		return this.ca;
	}

	/**
	 * REPORTDATA binding a TLS key: {@code SHA-512("ratls-cert:" ‖ SubjectPublicKeyInfo DER)}.
	 * @param spkiDer the DER of the SubjectPublicKeyInfo exactly as it appears in the TBS certificate
	 * @return the 64-byte report data
	 */
	public static byte[] raTlsReportData(byte[] spkiDer) {
		return Bytes.digest("SHA-512", TdxQuoteLayout.RA_TLS_CERT_BINDING_PREFIX.getBytes(StandardCharsets.US_ASCII),
				spkiDer);
	}

	/** The extension payload: the raw quote (legacy) or the {@code VersionedAttestation} around it. */
	private byte[] attestation(SubjectPublicKeyInfo leafSpki, AttestationKnobs knobs, boolean legacy)
			throws IOException {
		// The certificate is not signed yet, but its SPKI is final: hashing the very object put into the TBS keeps
		// the binding exact without a second signing pass.
		SubjectPublicKeyInfo boundSpki = knobs.bindOtherKey()
				? DevCertificates.subjectPublicKeyInfo(DevCertificates.generateP256(this.random).getPublic())
				: leafSpki;
		byte[] reportData = raTlsReportData(boundSpki.getEncoded(ASN1Encoding.DER));
		if (!legacy && knobs.envelope().stack() == StackKind.DSTACK_POD) {
			// A real pod's report data is its payload's (dstack verifies SHA-512("app-data:" ‖ payload)).
			reportData = StackEvidenceCheck.appDataReportData(EnvelopeKnobs.POD_PAYLOAD);
		}
		TdIdentity quoted = knobs.applyTo(this.td);
		List<RuntimeEvent> runtimeEvents = knobs.runtimeEvents(quoted);
		byte[] quote = this.platform.quote(quoted, runtimeEvents, reportData);
		return legacy ? quote : DstackAttestation.encode(quote, quoted, runtimeEvents, reportData, knobs.envelope());
	}

	private void addStandardExtensions(X509v3CertificateBuilder builder, TlsKeyRequest request, KeyPair key,
			GeneralNames altNames) throws IOException {
		JcaX509ExtensionUtils extensionUtils = DevCertificates.extensionUtils();
		builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
		builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
		List<KeyPurposeId> purposes = new ArrayList<>();
		if (request.usageServerAuth()) {
			purposes.add(KeyPurposeId.id_kp_serverAuth);
		}
		if (request.usageClientAuth()) {
			purposes.add(KeyPurposeId.id_kp_clientAuth);
		}
		if (!purposes.isEmpty()) {
			builder.addExtension(Extension.extendedKeyUsage, false,
					new ExtendedKeyUsage(purposes.toArray(KeyPurposeId[]::new)));
		}
		if (altNames != null) {
			builder.addExtension(Extension.subjectAlternativeName, false, altNames);
		}
		builder.addExtension(Extension.subjectKeyIdentifier, false,
				extensionUtils.createSubjectKeyIdentifier(key.getPublic()));
		try {
			builder.addExtension(Extension.authorityKeyIdentifier, false,
					extensionUtils.createAuthorityKeyIdentifier(this.ca.certificate()));
		}
		catch (CertificateEncodingException ex) {
			throw new IllegalStateException("Could not read the app CA certificate", ex);
		}
	}

	private X500Name issuerName() {
		try {
			return new JcaX509CertificateHolder(this.ca.certificate()).getSubject();
		}
		catch (CertificateEncodingException ex) {
			throw new IllegalStateException("Could not read the app CA certificate", ex);
		}
	}

	private static X500Name subjectName(String subject) {
		String commonName = subject.isEmpty() ? DEFAULT_SUBJECT : subject;
		return new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, commonName).build();
	}

	private static GeneralNames altNames(List<String> names) {
		if (names.isEmpty()) {
			return null;
		}
		List<GeneralName> result = new ArrayList<>();
		for (String name : names) {
			result.add(altName(name));
		}
		return new GeneralNames(result.toArray(GeneralName[]::new));
	}

	private static GeneralName altName(String name) {
		if (name == null || name.isEmpty()) {
			throw new IllegalArgumentException("alt_names entries must not be empty");
		}
		// A pure syntax check: InetAddress.getByName would resolve DNS names.
		if (IPAddress.isValid(name)) {
			return new GeneralName(GeneralName.iPAddress, name);
		}
		if (!name.matches("(\\*\\.)?[A-Za-z0-9]([A-Za-z0-9-]{0,62})?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,62})?)*\\.?")) {
			throw new IllegalArgumentException("alt_names entry is neither an IP address nor a DNS name: '" + name + "'");
		}
		return new GeneralName(GeneralName.dNSName, name);
	}

}
