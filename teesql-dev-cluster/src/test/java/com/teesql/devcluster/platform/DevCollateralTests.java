package com.teesql.devcluster.platform;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import com.teesql.jdbc.attestation.dcap.DcapCollateral;
import com.teesql.jdbc.attestation.dcap.TcbStatus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class DevCollateralTests {

	private static final SecureRandom random = new SecureRandom();

	private static final DevTdxPlatform platform = DevTdxPlatform.create(random);

	private static final ObjectMapper json = new ObjectMapper();

	private static final HexFormat upperHex = HexFormat.of().withUpperCase();

	private final Instant now = Instant.parse("2026-03-01T12:00:00.750Z");

	private final DevCollateral genuine = DevCollateral.generate(platform, CollateralKnobs.genuine(), this.now);

	@Test
	void tcbInfoDescribesThePlatformTcb() throws Exception {
		JsonNode info = json.readTree(this.genuine.tcbInfoJson());
		assertThat(info.get("id").asText()).isEqualTo("TDX");
		assertThat(info.get("version").asInt()).isEqualTo(3);
		assertThat(info.get("issueDate").asText()).isEqualTo("2026-03-01T11:00:00Z");
		assertThat(info.get("nextUpdate").asText()).isEqualTo("2026-03-31T11:00:00Z");
		assertThat(info.get("fmspc").asText()).isEqualTo(platform.pki().fmspcHex());
		assertThat(info.get("pceId").asText()).isEqualTo("0000");
		assertThat(info.get("tdxModule").get("mrsigner").asText()).isEqualTo("0".repeat(96));
		JsonNode moduleIdentity = info.get("tdxModuleIdentities").get(0);
		byte[] teeTcbSvn = platform.tcb().teeTcbSvn();
		assertThat(moduleIdentity.get("id").asText()).isEqualTo("TDX_0" + teeTcbSvn[1]);
		assertThat(moduleIdentity.get("tcbLevels").get(0).get("tcb").get("isvsvn").asInt()).isEqualTo(teeTcbSvn[0]);
		JsonNode matching = levelWithPceSvn(info, platform.tcb().pceSvn());
		assertThat(svns(matching.get("tcb").get("sgxtcbcomponents"))).isEqualTo(unsigned(platform.tcb().cpuSvn()));
		assertThat(svns(matching.get("tcb").get("tdxtcbcomponents"))).isEqualTo(unsigned(teeTcbSvn));
		assertThat(matching.get("tcbStatus").asText()).isEqualTo("UpToDate");
		assertThat(matching.has("advisoryIDs")).isFalse();
		assertThat(info.get("tcbLevels").get(0)).isEqualTo(matching);
	}

	@Test
	void qeIdentityDescribesTheQuotingEnclave() throws Exception {
		QuotingEnclaveIdentity qe = platform.qeIdentity();
		JsonNode identity = json.readTree(this.genuine.qeIdentityJson());
		assertThat(identity.get("id").asText()).isEqualTo("TD_QE");
		assertThat(identity.get("version").asInt()).isEqualTo(2);
		assertThat(identity.get("mrsigner").asText()).isEqualTo(upperHex.formatHex(qe.mrSigner()));
		assertThat(identity.get("isvprodid").asInt()).isEqualTo(qe.isvProdId());
		assertThat(identity.get("miscselect").asText()).isEqualTo(upperHex.formatHex(qe.miscSelect()));
		// The QE's 0x15 has the KSS-ignored bit 2 set; Intel's identity publishes it masked out as 0x11.
		assertThat(identity.get("attributes").asText()).isEqualTo("11000000000000000000000000000000");
		assertThat(identity.get("attributesMask").asText()).isEqualTo("FBFFFFFFFFFFFFFF0000000000000000");
		assertThat(identity.get("tcbLevels").get(0).get("tcb").get("isvsvn").asInt())
			.isEqualTo(platform.tcb().qeSvn());
	}

	@Test
	void signaturesCoverTheExactServedBytesOnly() throws Exception {
		assertThat(verifies(this.genuine.tcbInfoJson(), this.genuine.tcbInfoSignatureHex())).isTrue();
		assertThat(verifies(this.genuine.qeIdentityJson(), this.genuine.qeIdentitySignatureHex())).isTrue();
		String reformatted = json.writerWithDefaultPrettyPrinter().writeValueAsString(
				json.readTree(this.genuine.tcbInfoJson()));
		assertThat(json.readTree(reformatted)).isEqualTo(json.readTree(this.genuine.tcbInfoJson()));
		assertThat(verifies(reformatted, this.genuine.tcbInfoSignatureHex())).isFalse();
		assertThat(this.genuine.tcbInfoResponseBody())
			.isEqualTo("{\"tcbInfo\":" + this.genuine.tcbInfoJson() + ",\"signature\":\""
					+ this.genuine.tcbInfoSignatureHex() + "\"}");
	}

	@Test
	void dcapShapeCarriesTheSameDocuments() {
		DcapCollateral collateral = this.genuine.toDcapCollateral();
		assertThat(collateral.tcbInfo()).isEqualTo(this.genuine.tcbInfoJson());
		assertThat(collateral.qeIdentity()).isEqualTo(this.genuine.qeIdentityJson());
		assertThat(collateral.tcbInfoIssuerChain()).isEqualTo(platform.pki().tcbSigningChainPem());
		assertThat(collateral.pckCrlIssuerChain()).isEqualTo(platform.pki().pckCrlIssuerChainPem());
		assertThat(collateral.pckCrl()).isEqualTo(this.genuine.pckCrl());
		assertThat(collateral.pckCertificateChain()).isNull();
	}

	@Test
	void outOfDateKnobGradesThePlatformsLevelBelowANewerOne() throws Exception {
		DevCollateral outOfDate = DevCollateral.generate(platform,
				CollateralKnobs.genuine().withTcbStatus(TcbStatus.OUT_OF_DATE, "INTEL-SA-00837"), this.now);
		JsonNode info = json.readTree(outOfDate.tcbInfoJson());
		JsonNode matching = levelWithPceSvn(info, platform.tcb().pceSvn());
		assertThat(matching.get("tcbStatus").asText()).isEqualTo("OutOfDate");
		assertThat(matching.get("advisoryIDs").get(0).asText()).isEqualTo("INTEL-SA-00837");
		assertThat(levelWithPceSvn(info, platform.tcb().pceSvn() + 1).get("tcbStatus").asText()).isEqualTo("UpToDate");
	}

	@Test
	void expiryKnobsMoveNextUpdateIntoThePast() throws Exception {
		DevCollateral expired = DevCollateral.generate(platform, CollateralKnobs.genuine().withExpired(true), this.now);
		assertThat(expired.nextUpdate()).isBefore(this.now);
		assertThat(json.readTree(expired.qeIdentityJson()).get("nextUpdate").asText())
			.isEqualTo(expired.nextUpdate().toString());
		assertThat(crl(expired.pckCrl()).getNextUpdate().toInstant()).isAfter(this.now);
		DevCollateral staleCrls = DevCollateral.generate(platform, CollateralKnobs.genuine().withCrlsExpired(true),
				this.now);
		assertThat(crl(staleCrls.pckCrl()).getNextUpdate().toInstant()).isBefore(this.now);
		assertThat(crl(staleCrls.rootCaCrl()).getNextUpdate().toInstant()).isBefore(this.now);
		assertThat(staleCrls.nextUpdate()).isEqualTo(this.now.minusMillis(750).minus(Duration.ofHours(1))
			.plus(DevCollateral.VALIDITY));
	}

	@Test
	void revocationKnobListsThePck() throws Exception {
		assertThat(crl(this.genuine.pckCrl()).isRevoked(platform.pki().pckCertificate())).isFalse();
		assertThat(crl(this.genuine.pckCrl()).getRevokedCertificates()).hasSize(1);
		DevCollateral revoked = DevCollateral.generate(platform, CollateralKnobs.genuine().withPckRevoked(true),
				this.now);
		assertThat(crl(revoked.pckCrl()).isRevoked(platform.pki().pckCertificate())).isTrue();
	}

	@Test
	void wrongQeIdentityKnobNamesAnotherSigner() throws Exception {
		DevCollateral wrong = DevCollateral.generate(platform, CollateralKnobs.genuine().withWrongQeIdentity(true),
				this.now);
		assertThat(json.readTree(wrong.qeIdentityJson()).get("mrsigner").asText())
			.isNotEqualTo(upperHex.formatHex(platform.qeIdentity().mrSigner()))
			.hasSize(64);
		assertThat(verifies(wrong.qeIdentityJson(), wrong.qeIdentitySignatureHex())).isTrue();
	}

	@Test
	void signerKnobSignsWithThePckKeyAndServesThePckChain() throws Exception {
		DevCollateral pckSigned = DevCollateral.generate(platform,
				CollateralKnobs.genuine().withSigner(CollateralSigner.PCK_LEAF), this.now);
		assertThat(pckSigned.tcbSigningChainPem()).isEqualTo(platform.pki().pckChainPem());
		assertThat(verifies(platform.pki().pckCertificate().getPublicKey(), pckSigned.tcbInfoJson(),
				pckSigned.tcbInfoSignatureHex())).isTrue();
		assertThat(verifies(platform.pki().pckCertificate().getPublicKey(), pckSigned.qeIdentityJson(),
				pckSigned.qeIdentitySignatureHex())).isTrue();
		// Everything else is as genuine collateral has it.
		assertThat(json.readTree(pckSigned.tcbInfoJson())).isEqualTo(json.readTree(this.genuine.tcbInfoJson()));
	}

	@Test
	void pceIdKnobNamesAnotherPce() throws Exception {
		DevCollateral other = DevCollateral.generate(platform, CollateralKnobs.genuine().withWrongPceId(true),
				this.now);
		assertThat(json.readTree(other.tcbInfoJson()).get("pceId").asText()).isEqualTo("0001");
		assertThat(verifies(other.tcbInfoJson(), other.tcbInfoSignatureHex())).isTrue();
	}

	@Test
	void collateralForATcbThePckDoesNotCertifyIsRefused() {
		PlatformTcb defaults = PlatformTcb.defaults();
		PlatformTcb other = new PlatformTcb(defaults.teeTcbSvn(), defaults.mrSeam(), defaults.xfam(),
				defaults.cpuSvn(), defaults.qeSvn(), defaults.pceSvn() + 1);
		assertThatIllegalArgumentException()
			.isThrownBy(() -> DevCollateral.generate(platform.pki(), other, platform.qeIdentity(),
					CollateralKnobs.genuine(), this.now))
			.withMessageContaining("does not certify");
	}

	@Test
	void knobsRejectMalformedAdvisoryIds() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> CollateralKnobs.genuine().withTcbStatus(TcbStatus.OUT_OF_DATE, "INTEL SA\n1"))
			.withMessageContaining("'INTEL SA\n1'");
		assertThat(CollateralKnobs.genuine().withTcbStatus(TcbStatus.OUT_OF_DATE, "INTEL-SA-00837").advisoryIds())
			.containsExactly("INTEL-SA-00837");
	}

	private static JsonNode levelWithPceSvn(JsonNode info, int pceSvn) {
		for (JsonNode level : info.get("tcbLevels")) {
			if (level.get("tcb").get("pcesvn").asInt() == pceSvn) {
				return level;
			}
		}
		throw new AssertionError("no TCB level with pcesvn " + pceSvn + " in " + info);
	}

	private static List<Integer> svns(JsonNode components) {
		List<Integer> svns = new ArrayList<>();
		components.forEach((component) -> svns.add(component.get("svn").asInt()));
		return svns;
	}

	private static List<Integer> unsigned(byte[] bytes) {
		List<Integer> values = new ArrayList<>();
		for (byte b : bytes) {
			values.add(b & 0xFF);
		}
		return values;
	}

	private static boolean verifies(String document, String signatureHex) throws Exception {
		return verifies(platform.pki().tcbSigningCertificate().getPublicKey(), document, signatureHex);
	}

	private static boolean verifies(PublicKey key, String document, String signatureHex) throws Exception {
		Signature signature = Signature.getInstance("SHA256withECDSAinP1363Format");
		signature.initVerify(key);
		signature.update(document.getBytes(StandardCharsets.UTF_8));
		return signature.verify(HexFormat.of().parseHex(signatureHex));
	}

	private static X509CRL crl(byte[] der) throws Exception {
		return (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(new ByteArrayInputStream(der));
	}

}
