package com.teesql.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Date;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.teesql.devcluster.platform.RuntimeEvent;
import com.teesql.devcluster.platform.VersionedAttestationEncoder;
import com.teesql.jdbc.attestation.AttestationPlatform;
import com.teesql.jdbc.attestation.EventLogVersion;
import com.teesql.jdbc.attestation.RaTlsOids;
import com.teesql.jdbc.attestation.StackKind;
import com.teesql.jdbc.attestation.TdxQuote;
import com.teesql.jdbc.attestation.VersionedAttestation;
import com.teesql.testsupport.TestVectors;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code inspect-cert} on certificates carrying each dstack envelope: V0 and V1, V1/V2/mixed runtime events, and the
 * real SEV-SNP and Nitro attestations of dstack's test fixtures (refused, exit 1).
 */
class InspectCertEnvelopeTests {

	private final ObjectMapper json = new ObjectMapper();

	@TempDir
	Path dir;

	@Test
	void unsupportedPlatformFixturesAreRefusalsWithExitOne() throws Exception {
		JsonNode sev = inspect(1, TestVectors.bytes("dstack/sev_snp_attestation.bin"));
		assertThat(sev.get("verdict").asText()).isEqualTo("refused");
		assertThat(sev.get("reason").asText()).isEqualTo(AttestationPlatform.SEV_SNP.refusal());
		JsonNode nitro = inspect(1, TestVectors.bytes("dstack/nitro_attestation.bin"));
		assertThat(nitro.get("reason").asText()).isEqualTo(AttestationPlatform.NITRO_ENCLAVE.refusal());
	}

	@Test
	void v0EnvelopePrintsFormatPlatformStackAndReplays() throws Exception {
		JsonNode v0 = inspect(0, TestVectors.bytes("versioned_attestation_v0.bin"));
		assertThat(v0.get("format").asText()).isEqualTo("V0");
		assertThat(v0.get("platform").asText()).isEqualTo("tdx");
		assertThat(v0.get("stack").asText()).isEqualTo("dstack");
		assertThat(v0.get("event_log_versions")).hasSize(1);
		assertThat(v0.get("event_log_versions").get(0).asText()).isEqualTo("V1");
		assertThat(v0.get("runtime_events_replay_to_rtmr3").asBoolean()).isTrue();
		assertThat(v0.get("event_log_replays_to").get("rtmr3").asBoolean()).isTrue();
	}

	@Test
	void v1EnvelopesPrintTheirEventLogVersions() throws Exception {
		VersionedAttestation vector = VersionedAttestation.decode(TestVectors.bytes("versioned_attestation_v0.bin"));
		List<RuntimeEvent> v1Events = vector.runtimeEvents().stream()
			.map((e) -> new RuntimeEvent(e.event(), e.payload()))
			.toList();
		byte[] v1 = VersionedAttestationEncoder.encodeV1(AttestationPlatform.GCP_TDX, StackKind.DSTACK, vector.quote(),
				List.of(), v1Events, vector.reportData(), vector.config(), null);
		JsonNode gcp = inspect(0, v1);
		assertThat(gcp.get("format").asText()).isEqualTo("V1");
		assertThat(gcp.get("platform").asText()).isEqualTo("gcp-tdx");
		assertThat(gcp.get("runtime_events_replay_to_rtmr3").asBoolean()).isTrue();
		assertThat(gcp.get("vtpm_quote").asText()).isEqualTo("present, not verified");

		List<RuntimeEvent> mixed = v1Events.stream()
			.map((e) -> e.withVersion(e.event().length() % 2 == 0 ? EventLogVersion.V2 : EventLogVersion.V1))
			.toList();
		byte[] v2 = VersionedAttestationEncoder.encodeV1(AttestationPlatform.TDX, StackKind.DSTACK, vector.quote(),
				List.of(), mixed, vector.reportData(), vector.config(), null);
		JsonNode tdx = inspect(0, v2);
		assertThat(tdx.get("event_log_versions")).hasSize(2);
		// The vector's quote measured V1 events: the same events as V2 do not replay to its RTMR3.
		assertThat(tdx.get("runtime_events_replay_to_rtmr3").asBoolean()).isFalse();
		assertThat(tdx.get("rtmr3").asText()).isEqualTo(TdxQuote.parse(vector.quote()).rtmrHex(3));
	}

	private JsonNode inspect(int expectedStatus, byte[] envelope) throws Exception {
		Path file = this.dir.resolve("cert-" + System.nanoTime() + ".der");
		Files.write(file, certificate(envelope));
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		int status = TeeSqlCli.run(new String[] { "inspect-cert", "--cert", file.toString() },
				new PrintStream(out, true, StandardCharsets.UTF_8));
		String text = out.toString(StandardCharsets.UTF_8);
		assertThat(status).as(text).isEqualTo(expectedStatus);
		return this.json.readTree(text);
	}

	private static byte[] certificate(byte[] envelope) throws Exception {
		KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
		generator.initialize(new ECGenParameterSpec("secp256r1"));
		KeyPair key = generator.generateKeyPair();
		X500Name name = new X500Name("CN=inspect");
		JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, BigInteger.ONE, new Date(0),
				new Date(4_000_000_000_000L), name, key.getPublic());
		builder.addExtension(new ASN1ObjectIdentifier(RaTlsOids.ATTESTATION), false, new DEROctetString(envelope));
		return builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(key.getPrivate())).getEncoded();
	}

}
