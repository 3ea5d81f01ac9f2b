package com.teesql.jdbc.attestation.dcap;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;

import javax.security.auth.x500.X500Principal;

import org.assertj.core.api.ThrowableAssertAlternative;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.x509.Extension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.teesql.jdbc.attestation.dcap.DcapVerificationException.Reason;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Who may sign TCB info and QE identity. A test PKI shaped like Intel's (root, PCK Platform CA, PCK leaf, TCB
 * signing certificate) re-signs the fixture's TCB info and QE identity; every signer that chains to the root but is
 * not the TCB signing certificate must be refused at that step, each with its own reason. Before the signer was
 * pinned, each of them passed the collateral steps and verification only failed later, at the PCK chain.
 */
class TcbSignerCheckTests {

	private static final X500Principal ROOT = new X500Principal("CN=Test SGX Root CA,O=Test");

	private static final X500Principal PLATFORM = new X500Principal("CN=Test SGX PCK Platform CA,O=Test");

	private static final X500Principal TCB_SIGNING = new X500Principal("CN=Intel SGX TCB Signing,O=Test");

	private static final X500Principal PCK = new X500Principal("CN=Test SGX PCK Certificate,O=Test");

	private static final long CRL_NEXT_UPDATE = DcapVectors.FIXTURE_NOW + 3600;

	private KeyPair rootKeys;

	private KeyPair platformKeys;

	private X509Certificate root;

	private X509Certificate platformCa;

	@BeforeEach
	void createPki() throws Exception {
		this.rootKeys = TestPki.keyPair();
		this.platformKeys = TestPki.keyPair();
		this.root = TestPki.selfSignedCa(ROOT, this.rootKeys);
		this.platformCa = TestPki.certificate(PLATFORM, this.platformKeys.getPublic(), ROOT,
				this.rootKeys.getPrivate(), true, null);
	}

	@Test
	void tcbSigningCertificateIssuedByTheRootPassesBothCollateralSteps() throws Exception {
		KeyPair keys = TestPki.keyPair();
		X509Certificate signer = TestPki.certificate(TCB_SIGNING, keys.getPublic(), ROOT, this.rootKeys.getPrivate(),
				false, null);
		DcapCollateral collateral = resigned(keys.getPrivate(), List.of(signer, this.root), keys.getPrivate(),
				List.of(signer, this.root));
		// Steps 2 and 3 pass; the fixture's PCK chain (Intel's) then does not anchor to the test root.
		assertRefused(collateral, Reason.CERTIFICATE_CHAIN_INVALID).withMessageStartingWith("PCK certificate chain");
	}

	@Test
	void pckLeafKeyMustNotSignTcbInfo() throws Exception {
		KeyPair keys = TestPki.keyPair();
		X509Certificate pckLeaf = TestPki.certificate(PCK, keys.getPublic(), PLATFORM, this.platformKeys.getPrivate(),
				false, sgxExtension());
		List<X509Certificate> chain = List.of(pckLeaf, this.platformCa, this.root);
		assertRefused(resigned(keys.getPrivate(), chain, keys.getPrivate(), chain),
				Reason.TCB_SIGNER_IS_PCK_CERTIFICATE)
			.withMessage("TCB info issuer chain: signer 'CN=Test SGX PCK Certificate,O=Test' carries the Intel SGX "
					+ "PCK extension 1.2.840.113741.1.13.1: a platform's PCK key must never sign TCB info or QE "
					+ "identity");
	}

	@Test
	void pckLeafKeyMustNotSignQeIdentity() throws Exception {
		KeyPair signingKeys = TestPki.keyPair();
		X509Certificate signer = TestPki.certificate(TCB_SIGNING, signingKeys.getPublic(), ROOT,
				this.rootKeys.getPrivate(), false, null);
		KeyPair pckKeys = TestPki.keyPair();
		X509Certificate pckLeaf = TestPki.certificate(PCK, pckKeys.getPublic(), PLATFORM,
				this.platformKeys.getPrivate(), false, sgxExtension());
		assertRefused(resigned(signingKeys.getPrivate(), List.of(signer, this.root), pckKeys.getPrivate(),
				List.of(pckLeaf, this.platformCa, this.root)), Reason.TCB_SIGNER_IS_PCK_CERTIFICATE)
			.withMessageStartingWith("QE identity issuer chain: signer 'CN=Test SGX PCK Certificate,O=Test'");
	}

	@Test
	void certificateWithThePckExtensionIsRefusedWhateverItsNameAndIssuer() throws Exception {
		KeyPair keys = TestPki.keyPair();
		X509Certificate disguised = TestPki.certificate(TCB_SIGNING, keys.getPublic(), ROOT,
				this.rootKeys.getPrivate(), false, sgxExtension());
		List<X509Certificate> chain = List.of(disguised, this.root);
		assertRefused(resigned(keys.getPrivate(), chain, keys.getPrivate(), chain),
				Reason.TCB_SIGNER_IS_PCK_CERTIFICATE);
	}

	@Test
	void tcbSignerIssuedByAnIntermediateIsRefused() throws Exception {
		KeyPair keys = TestPki.keyPair();
		X509Certificate signer = TestPki.certificate(TCB_SIGNING, keys.getPublic(), PLATFORM,
				this.platformKeys.getPrivate(), false, null);
		List<X509Certificate> chain = List.of(signer, this.platformCa, this.root);
		assertRefused(resigned(keys.getPrivate(), chain, keys.getPrivate(), chain),
				Reason.TCB_SIGNER_NOT_ISSUED_BY_ROOT)
			.withMessage("TCB info issuer chain: signer 'CN=Intel SGX TCB Signing,O=Test' is issued by "
					+ "'CN=Test SGX PCK Platform CA,O=Test', not directly by the pinned root "
					+ "'CN=Test SGX Root CA,O=Test'");
	}

	@Test
	void otherCertificateIssuedByTheRootIsRefused() throws Exception {
		KeyPair keys = TestPki.keyPair();
		X509Certificate signer = TestPki.certificate(new X500Principal("CN=Intel SGX TCB Signing Backup,O=Test"),
				keys.getPublic(), ROOT, this.rootKeys.getPrivate(), false, null);
		List<X509Certificate> chain = List.of(signer, this.root);
		assertRefused(resigned(keys.getPrivate(), chain, keys.getPrivate(), chain), Reason.TCB_SIGNER_SUBJECT_MISMATCH)
			.withMessage("TCB info issuer chain: signer 'CN=Intel SGX TCB Signing Backup,O=Test' is not the TCB "
					+ "signing certificate (its common name must be 'Intel SGX TCB Signing')");
	}

	@Test
	void intelsOwnTcbSigningCertificateIsAccepted() throws Exception {
		DcapCollateral collateral = DcapVectors.v4Collateral();
		List<X509Certificate> chain = CertificateChainValidator.parsePem(collateral.tcbInfoIssuerChain(), "test",
				Reason.MALFORMED_COLLATERAL);
		assertThat(chain.get(0).getSubjectX500Principal().getName(X500Principal.RFC2253))
			.isEqualTo("C=US,ST=CA,L=Santa Clara,O=Intel Corporation,CN=Intel SGX TCB Signing");
		assertThat(DcapVectors.verifier().verify(DcapVectors.v4Quote(), collateral, DcapVectors.FIXTURE_NOW).status())
			.isEqualTo(TcbStatus.UP_TO_DATE);
	}

	private ThrowableAssertAlternative<DcapVerificationException> assertRefused(DcapCollateral collateral,
			Reason reason) {
		return assertThatExceptionOfType(DcapVerificationException.class)
			.isThrownBy(() -> new DcapVerifier(this.root).verify(DcapVectors.v4Quote(), collateral,
					DcapVectors.FIXTURE_NOW))
			.satisfies((ex) -> assertThat(ex.reason()).as(ex.getMessage()).isEqualTo(reason));
	}

	/** The fixture's TCB info and QE identity, signed by the given keys, with the test PKI's CRLs. */
	private DcapCollateral resigned(PrivateKey tcbInfoKey, List<X509Certificate> tcbInfoChain, PrivateKey qeIdentityKey,
			List<X509Certificate> qeIdentityChain) throws Exception {
		DcapCollateral fixture = DcapVectors.v4Collateral();
		byte[] rootCrl = TestPki.crl(ROOT, this.rootKeys.getPrivate(), CRL_NEXT_UPDATE, false).getEncoded();
		byte[] pckCrl = TestPki.crl(PLATFORM, this.platformKeys.getPrivate(), CRL_NEXT_UPDATE, false).getEncoded();
		return new DcapCollateral(pem(List.of(this.platformCa, this.root)), rootCrl, pckCrl, pem(tcbInfoChain),
				fixture.tcbInfo(), sign(tcbInfoKey, fixture.tcbInfo()), pem(qeIdentityChain), fixture.qeIdentity(),
				sign(qeIdentityKey, fixture.qeIdentity()), null);
	}

	/** A minimal, non-critical Intel SGX extension: its presence alone marks a PCK certificate. */
	private static Extension sgxExtension() throws Exception {
		return new Extension(new ASN1ObjectIdentifier(PckCertificate.SGX_EXTENSION_OID), false,
				new DERSequence().getEncoded());
	}

	private static byte[] sign(PrivateKey key, String document) throws Exception {
		Signature signature = Signature.getInstance("SHA256withECDSAinP1363Format");
		signature.initSign(key);
		signature.update(document.getBytes(StandardCharsets.UTF_8));
		return signature.sign();
	}

	private static String pem(List<X509Certificate> certificates) throws Exception {
		StringBuilder pem = new StringBuilder();
		for (X509Certificate certificate : certificates) {
			pem.append("-----BEGIN CERTIFICATE-----\n")
				.append(Base64.getMimeEncoder(64, new byte[] { '\n' }).encodeToString(certificate.getEncoded()))
				.append("\n-----END CERTIFICATE-----\n");
		}
		return pem.toString();
	}

}
