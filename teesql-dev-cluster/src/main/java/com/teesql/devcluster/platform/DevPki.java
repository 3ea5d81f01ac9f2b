package com.teesql.devcluster.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The dev stand-in for Intel's SGX provisioning PKI, shaped like the real one so that an unmodified DCAP verifier
 * pinning {@link #rootCertificate()} accepts it: a root CA ("TeeSQL Dev SGX Root CA", path length 1) that issues a
 * PCK Platform CA and a TCB signing certificate (named "Intel SGX TCB Signing", as verifiers require of the signer of
 * TCB info and QE identity), and a PCK leaf issued by the Platform CA that carries the Intel SGX
 * extension for one {@link PlatformTcb}. It also signs the root CA CRL and the PCK CRL. Every cluster generates its
 * own, so nothing here is trusted outside the tests and clients that pin this root.
 */
public final class DevPki {

	/** FMSPC of every dev platform unless chosen otherwise: a family Intel does not use. */
	public static final String DEFAULT_FMSPC = "00DE7F000000";

	private static final X500Name ROOT_NAME = new X500Name("CN=TeeSQL Dev SGX Root CA,O=TeeSQL Dev");

	private static final X500Name PLATFORM_CA_NAME = new X500Name("CN=TeeSQL Dev SGX PCK Platform CA,O=TeeSQL Dev");

	private static final X500Name PCK_NAME = new X500Name("CN=TeeSQL Dev SGX PCK Certificate,O=TeeSQL Dev");

	/**
	 * Intel's common name: verifiers accept TCB info and QE identity only from a certificate of that name issued
	 * directly by the root they pin. The organisation still says it is the dev PKI's.
	 */
	private static final X500Name TCB_SIGNING_NAME = new X500Name("CN=Intel SGX TCB Signing,O=TeeSQL Dev");

	/** A certificate the dev root issues directly that is not the TCB signing certificate. */
	private static final X500Name OTHER_SIGNER_NAME = new X500Name("CN=TeeSQL Dev SGX Other Signing,O=TeeSQL Dev");

	private static final Duration VALIDITY = Duration.ofDays(3650);

	private static final Duration BACKDATE = Duration.ofHours(1);

	private static final byte[] PCE_ID = new byte[2];

	private static final int PPID_SIZE = 16;

	private static final int FMSPC_SIZE = 6;

	private final Authorities authorities;

	private final KeyPair pckKey;

	private final X509Certificate pckCertificate;

	private final byte[] pckCpuSvn;

	private final int pckPceSvn;

	private DevPki(Authorities authorities, KeyPair pckKey, X509Certificate pckCertificate, byte[] pckCpuSvn,
			int pckPceSvn) {
		this.authorities = authorities;
		this.pckKey = pckKey;
		this.pckCertificate = pckCertificate;
		this.pckCpuSvn = pckCpuSvn.clone();
		this.pckPceSvn = pckPceSvn;
	}

	/**
	 * Generates a fresh PKI whose PCK certifies {@link PlatformTcb#defaults()}.
	 * @param random the randomness source
	 * @return the PKI
	 */
	public static DevPki generate(SecureRandom random) {
		return generate(PlatformTcb.defaults(), DEFAULT_FMSPC, random);
	}

	/**
	 * Generates a fresh PKI: root, Platform CA, TCB signing certificate, and a PCK for {@code tcb}.
	 * @param tcb the TCB the PCK certificate certifies (its CPUSVN and PCESVN)
	 * @param fmspc the platform's FMSPC as 12 hex digits
	 * @param random the randomness source
	 * @return the PKI
	 */
	public static DevPki generate(PlatformTcb tcb, String fmspc, SecureRandom random) {
		byte[] fmspcBytes = parseFmspc(fmspc);
		// Backdated so that a verifier whose clock is slightly behind still accepts the chains.
		Instant notBefore = Instant.now().minus(BACKDATE);
		Instant notAfter = notBefore.plus(VALIDITY);
		KeyPair rootKey = DevCertificates.generateP256(random);
		X509Certificate root = issue(ROOT_NAME, rootKey, ROOT_NAME, rootKey.getPublic(), new BasicConstraints(1),
				KeyUsage.keyCertSign | KeyUsage.cRLSign, null, notBefore, notAfter, random);
		KeyPair platformCaKey = DevCertificates.generateP256(random);
		X509Certificate platformCa = issue(ROOT_NAME, rootKey, PLATFORM_CA_NAME, platformCaKey.getPublic(),
				new BasicConstraints(0), KeyUsage.keyCertSign | KeyUsage.cRLSign, null, notBefore, notAfter, random);
		KeyPair tcbSigningKey = DevCertificates.generateP256(random);
		X509Certificate tcbSigning = issue(ROOT_NAME, rootKey, TCB_SIGNING_NAME, tcbSigningKey.getPublic(),
				new BasicConstraints(false), KeyUsage.digitalSignature | KeyUsage.nonRepudiation, null, notBefore,
				notAfter, random);
		byte[] ppid = new byte[PPID_SIZE];
		random.nextBytes(ppid);
		Authorities authorities = new Authorities(rootKey, root, platformCaKey, platformCa, tcbSigningKey, tcbSigning,
				fmspcBytes, ppid);
		return authorities.issuePck(tcb, random);
	}

	/**
	 * A PKI with the same CAs, TCB signing key, PPID and FMSPC, and a freshly issued PCK that certifies {@code tcb}:
	 * what Intel hands out when the same platform's TCB changes.
	 * @param tcb the TCB to certify
	 * @param random the randomness source
	 * @return the PKI with the new PCK
	 */
	public DevPki withPckFor(PlatformTcb tcb, SecureRandom random) {
		return this.authorities.issuePck(tcb, random);
	}

	/**
	 * Whether the PCK certificate certifies the CPUSVN and PCESVN of {@code tcb}.
	 * @param tcb the TCB
	 * @return {@code true} if quotes of that TCB carry a matching PCK
	 */
	public boolean certifies(PlatformTcb tcb) {
		return Arrays.equals(this.pckCpuSvn, tcb.cpuSvn()) && this.pckPceSvn == tcb.pceSvn();
	}

	/**
	 * The root CA certificate: the trust anchor a verifier of dev quotes pins.
	 * @return the root certificate
	 */
	public X509Certificate rootCertificate() {
		return this.authorities.root;
	}

	/**
	 * The PCK Platform CA, issuer of the PCK leaf and of the PCK CRL.
	 * @return the Platform CA certificate
	 */
	public X509Certificate platformCaCertificate() {
		return this.authorities.platformCa;
	}

	/**
	 * The certificate whose key signs TCB info and QE identity.
	 * @return the TCB signing certificate
	 */
	public X509Certificate tcbSigningCertificate() {
		return this.authorities.tcbSigning;
	}

	/**
	 * The PCK leaf certificate whose key signs QE reports.
	 * @return the PCK certificate
	 */
	public X509Certificate pckCertificate() {
		return this.pckCertificate;
	}

	/**
	 * The certification chain a quote carries: PCK leaf, Platform CA, root.
	 * @return the chain, leaf first
	 */
	public List<X509Certificate> pckChain() {
		return List.of(this.pckCertificate, this.authorities.platformCa, this.authorities.root);
	}

	/**
	 * The certification chain as the concatenated PEM a quote embeds (certification data type 5).
	 * @return the PEM text
	 */
	public String pckChainPem() {
		return DevCertificates.pem(pckChain());
	}

	/**
	 * The issuer chain of the PCK CRL (PCS header {@code SGX-PCK-CRL-Issuer-Chain}): Platform CA, root.
	 * @return the PEM text
	 */
	public String pckCrlIssuerChainPem() {
		return DevCertificates.pem(List.of(this.authorities.platformCa, this.authorities.root));
	}

	/**
	 * The issuer chain of TCB info and QE identity: TCB signing certificate, root.
	 * @return the PEM text
	 */
	public String tcbSigningChainPem() {
		return DevCertificates.pem(List.of(this.authorities.tcbSigning, this.authorities.root));
	}

	/**
	 * The platform's FMSPC, as in the PCK certificate.
	 * @return 6 bytes
	 */
	public byte[] fmspc() {
		return this.authorities.fmspc.clone();
	}

	/**
	 * The FMSPC as upper-case hex, the spelling of PCS queries and TCB info.
	 * @return 12 hex digits
	 */
	public String fmspcHex() {
		return HexFormat.of().withUpperCase().formatHex(this.authorities.fmspc);
	}

	/**
	 * The platform provisioning id in the PCK certificate.
	 * @return 16 bytes
	 */
	public byte[] ppid() {
		return this.authorities.ppid.clone();
	}

	/**
	 * The PCE id in the PCK certificate.
	 * @return 2 bytes
	 */
	public byte[] pceId() {
		return PCE_ID.clone();
	}

	/**
	 * A root CA CRL (DER), signed by the root, revoking nothing.
	 * @param thisUpdate the CRL's thisUpdate
	 * @param nextUpdate the CRL's nextUpdate
	 * @return the DER CRL
	 */
	public byte[] rootCaCrl(Instant thisUpdate, Instant nextUpdate) {
		return crl(this.authorities.root, this.authorities.rootKey.getPrivate(), thisUpdate, nextUpdate, List.of());
	}

	/**
	 * A PCK CRL (DER), signed by the Platform CA, listing {@code revokedSerials} with reason keyCompromise.
	 * @param thisUpdate the CRL's thisUpdate
	 * @param nextUpdate the CRL's nextUpdate
	 * @param revokedSerials serial numbers to list
	 * @return the DER CRL
	 */
	public byte[] pckCrl(Instant thisUpdate, Instant nextUpdate, Collection<BigInteger> revokedSerials) {
		return crl(this.authorities.platformCa, this.authorities.platformCaKey.getPrivate(), thisUpdate, nextUpdate,
				revokedSerials);
	}

	PrivateKey pckPrivateKey() {
		return this.pckKey.getPrivate();
	}

	/**
	 * The key that signs TCB info and QE identity, with the issuer chain served next to them.
	 * @param signer who signs: Intel's TCB signing certificate, or one of the impostors a verifier must refuse
	 * @param random the randomness source for an impostor's fresh certificate
	 * @return the key and its chain
	 */
	CollateralSigningKey collateralSigningKey(CollateralSigner signer, SecureRandom random) {
		Authorities ca = this.authorities;
		return switch (signer) {
			case TCB_SIGNING -> new CollateralSigningKey(ca.tcbSigningKey.getPrivate(), tcbSigningChainPem());
			case PCK_LEAF -> new CollateralSigningKey(this.pckKey.getPrivate(), pckChainPem());
			case ISSUED_BY_PLATFORM_CA -> {
				KeyPair key = DevCertificates.generateP256(random);
				Instant notBefore = Instant.now().minus(BACKDATE);
				X509Certificate certificate = issue(PLATFORM_CA_NAME, ca.platformCaKey, TCB_SIGNING_NAME,
						key.getPublic(), new BasicConstraints(false), KeyUsage.digitalSignature | KeyUsage.nonRepudiation,
						null, notBefore, notBefore.plus(VALIDITY), random);
				yield new CollateralSigningKey(key.getPrivate(),
						DevCertificates.pem(List.of(certificate, ca.platformCa, ca.root)));
			}
			case OTHER_CERTIFICATE_OF_THE_ROOT -> {
				KeyPair key = DevCertificates.generateP256(random);
				Instant notBefore = Instant.now().minus(BACKDATE);
				X509Certificate certificate = issue(ROOT_NAME, ca.rootKey, OTHER_SIGNER_NAME, key.getPublic(),
						new BasicConstraints(false), KeyUsage.digitalSignature | KeyUsage.nonRepudiation, null,
						notBefore, notBefore.plus(VALIDITY), random);
				yield new CollateralSigningKey(key.getPrivate(), DevCertificates.pem(List.of(certificate, ca.root)));
			}
		};
	}

	private static byte[] crl(X509Certificate issuer, PrivateKey issuerKey, Instant thisUpdate, Instant nextUpdate,
			Collection<BigInteger> revokedSerials) {
		if (!nextUpdate.isAfter(thisUpdate)) {
			throw new IllegalArgumentException(
					"CRL nextUpdate " + nextUpdate + " must be after thisUpdate " + thisUpdate);
		}
		try {
			X509v2CRLBuilder builder = new X509v2CRLBuilder(new JcaX509CertificateHolder(issuer).getSubject(),
					Date.from(thisUpdate));
			builder.setNextUpdate(Date.from(nextUpdate));
			for (BigInteger serial : revokedSerials) {
				builder.addCRLEntry(serial, Date.from(thisUpdate), CRLReason.keyCompromise);
			}
			// Every reissue gets a larger number, as RFC 5280 asks; the issue time is monotonic enough for dev.
			builder.addExtension(Extension.cRLNumber, false,
					new CRLNumber(BigInteger.valueOf(thisUpdate.getEpochSecond())));
			builder.addExtension(Extension.authorityKeyIdentifier, false,
					DevCertificates.extensionUtils().createAuthorityKeyIdentifier(issuer.getPublicKey()));
			return builder.build(new JcaContentSignerBuilder(DevCertificates.SIGNATURE_ALGORITHM).build(issuerKey))
				.getEncoded();
		}
		catch (CertificateEncodingException ex) {
			throw new IllegalStateException("Could not read the dev CRL issuer certificate", ex);
		}
		catch (OperatorCreationException ex) {
			throw new IllegalStateException("Could not sign a dev CRL", ex);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static X509Certificate issue(X500Name issuerName, KeyPair issuerKey, X500Name subject,
			PublicKey subjectKey, BasicConstraints basicConstraints, int keyUsage, byte[] sgxExtension,
			Instant notBefore, Instant notAfter, SecureRandom random) {
		X509v3CertificateBuilder builder = new X509v3CertificateBuilder(issuerName,
				DevCertificates.randomSerial(random), Date.from(notBefore), Date.from(notAfter), subject,
				DevCertificates.subjectPublicKeyInfo(subjectKey));
		JcaX509ExtensionUtils extensionUtils = DevCertificates.extensionUtils();
		try {
			builder.addExtension(Extension.basicConstraints, true, basicConstraints);
			builder.addExtension(Extension.keyUsage, true, new KeyUsage(keyUsage));
			builder.addExtension(Extension.subjectKeyIdentifier, false,
					extensionUtils.createSubjectKeyIdentifier(subjectKey));
			builder.addExtension(Extension.authorityKeyIdentifier, false,
					extensionUtils.createAuthorityKeyIdentifier(issuerKey.getPublic()));
			if (sgxExtension != null) {
				// Non-critical, as in Intel's PCK certificates: generic X.509 validators must not refuse it.
				builder.addExtension(SgxPckExtension.OID, false, sgxExtension);
			}
		}
		catch (CertIOException ex) {
			throw new UncheckedIOException(ex);
		}
		return DevCertificates.sign(builder, issuerKey.getPrivate());
	}

	private static byte[] parseFmspc(String fmspc) {
		byte[] bytes;
		try {
			bytes = HexFormat.of().parseHex((fmspc != null) ? fmspc.toLowerCase(Locale.ROOT) : "");
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("FMSPC must be 12 hex digits but was '" + fmspc + "'", ex);
		}
		if (bytes.length != FMSPC_SIZE) {
			throw new IllegalArgumentException("FMSPC must be 12 hex digits but was '" + fmspc + "'");
		}
		return bytes;
	}

	@Override
	public String toString() {
		return "DevPki[root=" + this.authorities.root.getSubjectX500Principal() + ", fmspc=" + fmspcHex()
				+ ", pckSerial=" + this.pckCertificate.getSerialNumber().toString(16) + "]";
	}

	/**
	 * A key that signs collateral documents and the issuer chain that is served with them.
	 *
	 * @param privateKey the signing key
	 * @param chainPem the signer's certificate first, then its issuers
	 */
	record CollateralSigningKey(PrivateKey privateKey, String chainPem) {

		@Override
		public String toString() {
			// Records print every component; this one holds a private key.
			return "CollateralSigningKey[" + this.chainPem.length() + " PEM characters]";
		}

	}

	/**
	 * The long-lived part of the PKI, shared by every PCK issued for the platform.
	 */
	private record Authorities(KeyPair rootKey, X509Certificate root, KeyPair platformCaKey,
			X509Certificate platformCa, KeyPair tcbSigningKey, X509Certificate tcbSigning, byte[] fmspc,
			byte[] ppid) {

		DevPki issuePck(PlatformTcb tcb, SecureRandom random) {
			KeyPair pckKey = DevCertificates.generateP256(random);
			byte[] extension = SgxPckExtension.encode(this.ppid, tcb.cpuSvn(), tcb.pceSvn(), PCE_ID, this.fmspc);
			Instant notBefore = Instant.now().minus(BACKDATE);
			X509Certificate pck = issue(PLATFORM_CA_NAME, this.platformCaKey, PCK_NAME, pckKey.getPublic(),
					new BasicConstraints(false), KeyUsage.digitalSignature | KeyUsage.nonRepudiation, extension,
					notBefore, notBefore.plus(VALIDITY), random);
			return new DevPki(this, pckKey, pck, tcb.cpuSvn(), tcb.pceSvn());
		}

		@Override
		public String toString() {
			// Records print every component; this one holds private keys.
			return "Authorities[" + this.root.getSubjectX500Principal() + "]";
		}

	}

}
