package com.teesql.jdbc.attestation;

import java.math.BigInteger;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Arrays;
import java.util.Date;
import java.util.Optional;
import java.util.Random;

import javax.security.auth.x500.X500Principal;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;

import com.teesql.jdbc.errors.AttestationException;
import com.teesql.jdbc.support.ByteMutator;
import com.teesql.jdbc.support.Fuzz;
import com.teesql.jdbc.support.QuoteInputs;
import com.teesql.jdbc.support.TestKeys;
import com.teesql.testsupport.TestVectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzes {@link AttestationExtractor#extract(X509Certificate)} on real certificates (built with BouncyCastle) whose
 * RA-TLS extension bytes are mutated: the V0 envelope inside a correct DER wrapper, the DER wrapper itself, the
 * legacy raw quote, or both extensions at once. Certificate building costs about a millisecond, so this runs three
 * tenths of {@code teesql.fuzz.tries}; sizes and seed: see {@link Fuzz}.
 */
class AttestationExtractorFuzzTests {

	private static final byte[] ENVELOPE = TestVectors.bytes("versioned_attestation_v0.bin");

	private static final ByteMutator WRAPPER_MUTATOR = new ByteMutator(0, 1, 2, 3);

	@Test
	void extractOnlyEverRefusesWithAttestationException() throws Exception {
		TestKeys.SelfSigned key = TestKeys.selfSigned("fuzz");
		PrivateKey privateKey = key.privateKey();
		PublicKey publicKey = key.certificate().getPublicKey();
		ContentSigner signer = new JcaContentSignerBuilder("SHA256withECDSA").build(privateKey);
		Fuzz.Outcomes outcomes = Fuzz.<Extensions>target("AttestationExtractor.extract")
			.accepting(AttestationException.class)
			.timeout(Duration.ofSeconds(5))
			.describedBy(Extensions::toString)
			.run(Fuzz.tries(0.3), AttestationExtractorFuzzTests::nextExtensions, (extensions) -> {
				X509Certificate certificate = certificate(extensions, publicKey, signer);
				Optional<RaTlsEvidence> evidence = AttestationExtractor.extract(certificate);
				if (extensions.attestation() == null && extensions.legacyQuote() == null) {
					assertThat(evidence).isEmpty();
					return;
				}
				assertThat(evidence).isPresent();
				TdxQuote quote = evidence.get().quote();
				TdxQuoteFuzzTests.parseAndReadEverything(quote.bytes());
				if (evidence.get().source() != RaTlsEvidence.Source.LEGACY_QUOTE) {
					assertThat(extensions.attestation()).isNotNull();
					assertThat(evidence.get().attestation().orElseThrow().reportData()).isEqualTo(quote.reportData());
				}
				else {
					assertThat(extensions.attestation()).isNull();
					assertThat(evidence.get().attestation()).isEmpty();
				}
			});
		assertThat(outcomes.accepted()).isPositive();
		assertThat(outcomes.refused()).isPositive();
	}

	private static Extensions nextExtensions(Random random) throws Exception {
		return switch (random.nextInt(7)) {
			case 0, 1 -> new Extensions(wrap(VersionedAttestationFuzzTests.nextInput(random)), null);
			case 6 -> new Extensions(wrap(MsgpackAttestationDecoderFuzzTests.nextInput(random)), null);
			case 2 -> new Extensions(WRAPPER_MUTATOR.mutate(wrap(ENVELOPE), random), null);
			case 3 -> new Extensions(null, wrap(QuoteInputs.next(random)));
			case 4 -> new Extensions(wrap(VersionedAttestationFuzzTests.nextInput(random)),
					wrap(QuoteInputs.next(random)));
			default -> new Extensions(null, WRAPPER_MUTATOR.mutate(wrap(QuoteInputs.next(random)), random));
		};
	}

	/** The inner OCTET STRING dstack puts in the extension value. */
	private static byte[] wrap(byte[] payload) throws Exception {
		return new DEROctetString(payload).getEncoded();
	}

	private static X509Certificate certificate(Extensions extensions, PublicKey publicKey, ContentSigner signer)
			throws Exception {
		X500Principal subject = new X500Principal("CN=fuzz");
		JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, BigInteger.ONE,
				new Date(0), new Date(4_000_000_000_000L), subject, publicKey);
		if (extensions.attestation() != null) {
			builder.addExtension(new ASN1ObjectIdentifier(RaTlsOids.ATTESTATION), false, extensions.attestation());
		}
		if (extensions.legacyQuote() != null) {
			builder.addExtension(new ASN1ObjectIdentifier(RaTlsOids.TDX_QUOTE), false, extensions.legacyQuote());
		}
		return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
	}

	/**
	 * The extension values ({@code extnValue} contents) of one case.
	 *
	 * @param attestation the {@code .1.8} value, or {@code null}
	 * @param legacyQuote the {@code .1.1} value, or {@code null}
	 */
	record Extensions(byte[] attestation, byte[] legacyQuote) {

		@Override
		public String toString() {
			return ".1.8=" + ((this.attestation != null) ? ByteMutator.describe(this.attestation) : "absent")
					+ "\n.1.1=" + ((this.legacyQuote != null) ? ByteMutator.describe(this.legacyQuote) : "absent");
		}

		@Override
		public boolean equals(Object other) {
			return other instanceof Extensions extensions && Arrays.equals(this.attestation, extensions.attestation)
					&& Arrays.equals(this.legacyQuote, extensions.legacyQuote);
		}

		@Override
		public int hashCode() {
			return 31 * Arrays.hashCode(this.attestation) + Arrays.hashCode(this.legacyQuote);
		}

	}

}
