package com.teesql.devcluster.platform;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import com.teesql.jdbc.attestation.dcap.DcapCollateral;
import com.teesql.jdbc.attestation.dcap.TcbStatus;

/**
 * The DCAP collateral Intel's PCS would publish for a dev platform: TCB info (TDX, version 3) and QE identity
 * (TD_QE, version 2) that describe exactly the platform's {@link PlatformTcb} and {@link QuotingEnclaveIdentity},
 * each signed by the dev TCB signing key (or the impostor {@link CollateralKnobs#signer()} names) over the exact
 * UTF-8 bytes of the JSON text served, plus the root CA CRL and the PCK CRL. {@link CollateralKnobs} bend one
 * aspect at a time. Immutable; generate a new instance to change anything.
 */
public final class DevCollateral {

	/** How long fresh collateral stays valid (Intel: 30 days for TCB info, QE identity and PCK CRL). */
	public static final Duration VALIDITY = Duration.ofDays(30);

	/** Fresh collateral is dated this far back so that a verifier with a slightly slow clock accepts it. */
	private static final Duration BACKDATE = Duration.ofHours(1);

	/** Expired collateral expired this long ago. */
	private static final Duration EXPIRED_SINCE = Duration.ofDays(1);

	private static final int TCB_EVALUATION_DATA_NUMBER = 17;

	private static final int TDX_MODULE_MRSIGNER_SIZE = 48;

	/** Intel's QE identity ignores the KSS, provision key and EINITTOKEN key bits; so does the dev one. */
	private static final byte[] QE_ATTRIBUTES_MASK = HexFormat.of().parseHex("fbffffffffffffff0000000000000000");

	private static final byte[] QE_MISCSELECT_MASK = HexFormat.of().parseHex("ffffffff");

	private static final String SEAM_ATTRIBUTES = "0000000000000000";

	private static final String SEAM_ATTRIBUTES_MASK = "FFFFFFFFFFFFFFFF";

	private static final ObjectMapper JSON = new ObjectMapper();

	/** Only for the fresh certificates of impostor signers ({@link CollateralSigner}). */
	private static final SecureRandom RANDOM = new SecureRandom();

	private static final HexFormat UPPER_HEX = HexFormat.of().withUpperCase();

	private final CollateralKnobs knobs;

	private final String fmspc;

	private final Instant issueDate;

	private final Instant nextUpdate;

	private final String tcbInfoJson;

	private final byte[] tcbInfoSignature;

	private final String qeIdentityJson;

	private final byte[] qeIdentitySignature;

	private final byte[] rootCaCrl;

	private final byte[] pckCrl;

	private final String pckCrlIssuerChainPem;

	private final String tcbSigningChainPem;

	private DevCollateral(DevPki pki, PlatformTcb tcb, QuotingEnclaveIdentity qe, CollateralKnobs knobs,
			Instant now) {
		this.knobs = knobs;
		this.fmspc = pki.fmspcHex();
		Instant fresh = now.truncatedTo(ChronoUnit.SECONDS).minus(BACKDATE);
		Instant stale = now.truncatedTo(ChronoUnit.SECONDS).minus(EXPIRED_SINCE);
		this.issueDate = knobs.expired() ? stale.minus(VALIDITY) : fresh;
		this.nextUpdate = this.issueDate.plus(VALIDITY);
		DevPki.CollateralSigningKey signer = pki.collateralSigningKey(knobs.signer(), RANDOM);
		this.tcbInfoJson = write(tcbInfo(pki, tcb, knobs, this.issueDate, this.nextUpdate));
		this.tcbInfoSignature = DevQuoteSigner.rawSign(signer.privateKey(),
				this.tcbInfoJson.getBytes(StandardCharsets.UTF_8));
		this.qeIdentityJson = write(qeIdentity(qe, tcb, knobs, this.issueDate, this.nextUpdate));
		this.qeIdentitySignature = DevQuoteSigner.rawSign(signer.privateKey(),
				this.qeIdentityJson.getBytes(StandardCharsets.UTF_8));
		Instant crlThisUpdate = knobs.crlsExpired() ? stale.minus(VALIDITY) : fresh;
		Instant crlNextUpdate = crlThisUpdate.plus(VALIDITY);
		this.rootCaCrl = pki.rootCaCrl(crlThisUpdate, crlNextUpdate);
		BigInteger pckSerial = pki.pckCertificate().getSerialNumber();
		List<BigInteger> revoked = new ArrayList<>();
		// Dev serials are always odd, so this one never names a real certificate; it keeps the CRL non-empty so
		// that "listed, but not ours" is exercised too.
		revoked.add(pckSerial.add(BigInteger.ONE));
		if (knobs.pckRevoked()) {
			revoked.add(pckSerial);
		}
		this.pckCrl = pki.pckCrl(crlThisUpdate, crlNextUpdate, revoked);
		this.pckCrlIssuerChainPem = pki.pckCrlIssuerChainPem();
		this.tcbSigningChainPem = signer.chainPem();
	}

	/**
	 * Collateral for a dev platform.
	 * @param platform the platform whose quotes it must grade
	 * @param knobs the deviations from genuine collateral
	 * @param now the issue time ({@code issueDate} is an hour earlier, {@code nextUpdate} {@link #VALIDITY} later)
	 * @return the collateral
	 */
	public static DevCollateral generate(DevTdxPlatform platform, CollateralKnobs knobs, Instant now) {
		return generate(platform.pki(), platform.tcb(), platform.qeIdentity(), knobs, now);
	}

	/**
	 * Collateral for the platform described by its parts.
	 * @param pki the provisioning PKI; its PCK must certify {@code tcb}
	 * @param tcb the platform TCB
	 * @param qe the quoting enclave identity
	 * @param knobs the deviations from genuine collateral
	 * @param now the issue time
	 * @return the collateral
	 * @throws IllegalArgumentException if the PKI's PCK certificate was issued for another TCB
	 */
	public static DevCollateral generate(DevPki pki, PlatformTcb tcb, QuotingEnclaveIdentity qe,
			CollateralKnobs knobs, Instant now) {
		Objects.requireNonNull(knobs, "knobs");
		Objects.requireNonNull(now, "now");
		if (!pki.certifies(tcb)) {
			throw new IllegalArgumentException("the PCK certificate of " + pki + " does not certify " + tcb);
		}
		return new DevCollateral(pki, tcb, qe, knobs, now);
	}

	private static ObjectNode tcbInfo(DevPki pki, PlatformTcb tcb, CollateralKnobs knobs, Instant issueDate,
			Instant nextUpdate) {
		byte[] teeTcbSvn = tcb.teeTcbSvn();
		ObjectNode info = JSON.createObjectNode();
		info.put("id", "TDX");
		info.put("version", 3);
		info.put("issueDate", issueDate.toString());
		info.put("nextUpdate", nextUpdate.toString());
		info.put("fmspc", pki.fmspcHex());
		byte[] pceId = pki.pceId();
		if (knobs.wrongPceId()) {
			pceId[1] ^= 1;
		}
		info.put("pceId", UPPER_HEX.formatHex(pceId));
		info.put("tcbType", 0);
		info.put("tcbEvaluationDataNumber", TCB_EVALUATION_DATA_NUMBER);
		// DevQuoteSigner leaves MRSIGNERSEAM and SEAMATTRIBUTES zero, as for an Intel-signed module.
		ObjectNode module = info.putObject("tdxModule");
		putModuleExpectations(module);
		ArrayNode identities = info.putArray("tdxModuleIdentities");
		int moduleMajorVersion = teeTcbSvn[1] & 0xFF;
		if (moduleMajorVersion > 0) {
			ObjectNode identity = identities.addObject();
			identity.put("id", String.format(Locale.ROOT, "TDX_%02X", moduleMajorVersion));
			putModuleExpectations(identity);
			ObjectNode level = identity.putArray("tcbLevels").addObject();
			level.putObject("tcb").put("isvsvn", teeTcbSvn[0] & 0xFF);
			level.put("tcbDate", tcbDate(issueDate, 30));
			level.put("tcbStatus", TcbStatus.UP_TO_DATE.intelName());
		}
		ArrayNode levels = info.putArray("tcbLevels");
		byte[] cpuSvn = tcb.cpuSvn();
		int pceSvn = tcb.pceSvn();
		if (knobs.tcbStatus() != TcbStatus.UP_TO_DATE && pceSvn < 0xFFFF) {
			// A platform behind Intel's latest: a newer level it does not meet (one PCE SVN ahead) is UpToDate.
			addPlatformLevel(levels, cpuSvn, pceSvn + 1, teeTcbSvn, tcbDate(issueDate, 0), TcbStatus.UP_TO_DATE,
					List.of());
		}
		addPlatformLevel(levels, cpuSvn, pceSvn, teeTcbSvn, tcbDate(issueDate, 30), knobs.tcbStatus(),
				knobs.advisoryIds());
		if (pceSvn > 0) {
			// An older level below the platform's, as Intel always lists; the platform must never grade down to it.
			addPlatformLevel(levels, cpuSvn, pceSvn - 1, teeTcbSvn, tcbDate(issueDate, 400), TcbStatus.OUT_OF_DATE,
					List.of("INTEL-SA-00615"));
		}
		return info;
	}

	private static void putModuleExpectations(ObjectNode node) {
		node.put("mrsigner", UPPER_HEX.formatHex(new byte[TDX_MODULE_MRSIGNER_SIZE]));
		node.put("attributes", SEAM_ATTRIBUTES);
		node.put("attributesMask", SEAM_ATTRIBUTES_MASK);
	}

	private static void addPlatformLevel(ArrayNode levels, byte[] cpuSvn, int pceSvn, byte[] teeTcbSvn,
			String tcbDate, TcbStatus status, List<String> advisoryIds) {
		ObjectNode level = levels.addObject();
		ObjectNode tcb = level.putObject("tcb");
		ArrayNode sgx = tcb.putArray("sgxtcbcomponents");
		for (byte svn : cpuSvn) {
			sgx.addObject().put("svn", svn & 0xFF);
		}
		tcb.put("pcesvn", pceSvn);
		ArrayNode tdx = tcb.putArray("tdxtcbcomponents");
		for (byte svn : teeTcbSvn) {
			tdx.addObject().put("svn", svn & 0xFF);
		}
		level.put("tcbDate", tcbDate);
		level.put("tcbStatus", status.intelName());
		if (!advisoryIds.isEmpty()) {
			ArrayNode ids = level.putArray("advisoryIDs");
			advisoryIds.forEach(ids::add);
		}
	}

	private static ObjectNode qeIdentity(QuotingEnclaveIdentity qe, PlatformTcb tcb, CollateralKnobs knobs,
			Instant issueDate, Instant nextUpdate) {
		ObjectNode identity = JSON.createObjectNode();
		identity.put("id", "TD_QE");
		identity.put("version", 2);
		identity.put("issueDate", issueDate.toString());
		identity.put("nextUpdate", nextUpdate.toString());
		identity.put("tcbEvaluationDataNumber", TCB_EVALUATION_DATA_NUMBER);
		// Intel publishes the expected values already masked, and so does this.
		identity.put("miscselect", UPPER_HEX.formatHex(and(qe.miscSelect(), QE_MISCSELECT_MASK)));
		identity.put("miscselectMask", UPPER_HEX.formatHex(QE_MISCSELECT_MASK));
		identity.put("attributes", UPPER_HEX.formatHex(and(qe.attributes(), QE_ATTRIBUTES_MASK)));
		identity.put("attributesMask", UPPER_HEX.formatHex(QE_ATTRIBUTES_MASK));
		byte[] mrSigner = qe.mrSigner();
		if (knobs.wrongQeIdentity()) {
			for (int i = 0; i < mrSigner.length; i++) {
				mrSigner[i] = (byte) ~mrSigner[i];
			}
		}
		identity.put("mrsigner", UPPER_HEX.formatHex(mrSigner));
		identity.put("isvprodid", qe.isvProdId());
		ObjectNode level = identity.putArray("tcbLevels").addObject();
		level.putObject("tcb").put("isvsvn", tcb.qeSvn());
		level.put("tcbDate", tcbDate(issueDate, 30));
		level.put("tcbStatus", TcbStatus.UP_TO_DATE.intelName());
		return identity;
	}

	private static byte[] and(byte[] value, byte[] mask) {
		byte[] result = new byte[value.length];
		for (int i = 0; i < value.length; i++) {
			result[i] = (byte) (value[i] & mask[i]);
		}
		return result;
	}

	private static String tcbDate(Instant issueDate, int daysBefore) {
		return issueDate.truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(daysBefore)).toString();
	}

	private static String write(ObjectNode node) {
		try {
			return JSON.writeValueAsString(node);
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException("Could not serialise dev collateral", ex);
		}
	}

	/**
	 * The collateral in the shape the DCAP verifier takes (no {@code pck_certificate_chain}: the quote carries it).
	 * @return the verifier input
	 */
	public DcapCollateral toDcapCollateral() {
		return new DcapCollateral(this.pckCrlIssuerChainPem, this.rootCaCrl, this.pckCrl, this.tcbSigningChainPem,
				this.tcbInfoJson, this.tcbInfoSignature, this.tcbSigningChainPem, this.qeIdentityJson,
				this.qeIdentitySignature, null);
	}

	/**
	 * The knobs this collateral was generated with.
	 * @return the knobs
	 */
	public CollateralKnobs knobs() {
		return this.knobs;
	}

	/**
	 * The FMSPC the TCB info is for.
	 * @return 12 upper-case hex digits
	 */
	public String fmspc() {
		return this.fmspc;
	}

	/**
	 * {@code issueDate} of TCB info and QE identity.
	 * @return the issue date
	 */
	public Instant issueDate() {
		return this.issueDate;
	}

	/**
	 * {@code nextUpdate} of TCB info and QE identity.
	 * @return the expiry
	 */
	public Instant nextUpdate() {
		return this.nextUpdate;
	}

	/**
	 * The signed {@code tcbInfo} JSON text, byte for byte as served.
	 * @return the JSON text
	 */
	public String tcbInfoJson() {
		return this.tcbInfoJson;
	}

	/**
	 * The raw r‖s signature over {@link #tcbInfoJson()} as lower-case hex.
	 * @return 128 hex digits
	 */
	public String tcbInfoSignatureHex() {
		return HexFormat.of().formatHex(this.tcbInfoSignature);
	}

	/**
	 * The PCS response body {@code {"tcbInfo":…,"signature":"…"}}, embedding {@link #tcbInfoJson()} verbatim.
	 * @return the body
	 */
	public String tcbInfoResponseBody() {
		return "{\"tcbInfo\":" + this.tcbInfoJson + ",\"signature\":\"" + tcbInfoSignatureHex() + "\"}";
	}

	/**
	 * The signed {@code enclaveIdentity} JSON text, byte for byte as served.
	 * @return the JSON text
	 */
	public String qeIdentityJson() {
		return this.qeIdentityJson;
	}

	/**
	 * The raw r‖s signature over {@link #qeIdentityJson()} as lower-case hex.
	 * @return 128 hex digits
	 */
	public String qeIdentitySignatureHex() {
		return HexFormat.of().formatHex(this.qeIdentitySignature);
	}

	/**
	 * The PCS response body {@code {"enclaveIdentity":…,"signature":"…"}}, embedding {@link #qeIdentityJson()}
	 * verbatim.
	 * @return the body
	 */
	public String qeIdentityResponseBody() {
		return "{\"enclaveIdentity\":" + this.qeIdentityJson + ",\"signature\":\"" + qeIdentitySignatureHex() + "\"}";
	}

	/**
	 * The root CA CRL.
	 * @return DER bytes
	 */
	public byte[] rootCaCrl() {
		return this.rootCaCrl.clone();
	}

	/**
	 * The PCK CRL issued by the Platform CA.
	 * @return DER bytes
	 */
	public byte[] pckCrl() {
		return this.pckCrl.clone();
	}

	/**
	 * The PCK CRL issuer chain: Platform CA, root.
	 * @return PEM text
	 */
	public String pckCrlIssuerChainPem() {
		return this.pckCrlIssuerChainPem;
	}

	/**
	 * The issuer chain of TCB info and QE identity: TCB signing certificate, root (for genuine knobs).
	 * @return PEM text
	 */
	public String tcbSigningChainPem() {
		return this.tcbSigningChainPem;
	}

	@Override
	public String toString() {
		return "DevCollateral[fmspc=" + this.fmspc + ", issueDate=" + this.issueDate + ", nextUpdate="
				+ this.nextUpdate + ", " + this.knobs + "]";
	}

}
