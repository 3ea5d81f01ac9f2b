package com.teesql.jdbc.attestation.dcap;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import com.teesql.jdbc.attestation.dcap.DcapVerificationException.Reason;

/**
 * The parts of Intel's {@code tcbInfo} document (TDX, version 3) that DCAP verification evaluates. Parsed only after
 * nothing else is known about the text, so every field is checked for type, range and length.
 *
 * @param id {@code TDX} or {@code SGX}
 * @param version the document version
 * @param issueDate when Intel issued it
 * @param nextUpdate when it expires
 * @param fmspc the 6-byte platform family it applies to
 * @param pceId the 2-byte PCE id it applies to
 * @param tdxModule the default TDX module expectations, or {@code null} if absent
 * @param tdxModuleIdentities per-major-version module identities (empty if absent)
 * @param tcbLevels platform TCB levels in canonical (descending) order
 */
public record TcbInfo(String id, int version, Instant issueDate, Instant nextUpdate, byte[] fmspc, byte[] pceId,
		TdxModule tdxModule, List<TdxModuleIdentity> tdxModuleIdentities, List<TcbLevel> tcbLevels) {

	private static final String DOCUMENT = "tcb_info";

	static final int COMPONENT_COUNT = 16;

	/**
	 * Canonical order: descending by SGX component vector, then PCESVN, then TDX component vector, so JSON order
	 * does not influence which level matches first.
	 */
	private static final Comparator<TcbLevel> CANONICAL_ORDER = ((Comparator<TcbLevel>) (a, b) -> compareSvns(
			a.sgxComponentSvns(), b.sgxComponentSvns()))
		.thenComparingInt(TcbLevel::pceSvn)
		.thenComparing((a, b) -> compareSvns(a.tdxComponentSvns(), b.tdxComponentSvns()))
		.reversed();

	public TcbInfo {
		fmspc = fmspc.clone();
		pceId = pceId.clone();
		tdxModuleIdentities = List.copyOf(tdxModuleIdentities);
		tcbLevels = List.copyOf(tcbLevels);
	}

	@Override
	public byte[] fmspc() {
		return this.fmspc.clone();
	}

	@Override
	public byte[] pceId() {
		return this.pceId.clone();
	}

	/**
	 * Parse the signed {@code tcbInfo} text.
	 * @param json the JSON text
	 * @return the model, with levels sorted canonically
	 * @throws DcapVerificationException if a field is missing or invalid, or a status is not one of the known values
	 */
	public static TcbInfo parse(String json) throws DcapVerificationException {
		JsonNode root = CollateralJson.parseObject(json, DOCUMENT);
		String id = CollateralJson.text(root, "id", DOCUMENT);
		boolean tdx = "TDX".equals(id);
		TdxModule module = null;
		if (root.hasNonNull("tdxModule")) {
			module = TdxModule.parse(CollateralJson.object(root, "tdxModule", DOCUMENT), DOCUMENT + ".tdxModule");
		}
		List<TdxModuleIdentity> identities = new ArrayList<>();
		JsonNode identityArray = CollateralJson.optionalArray(root, "tdxModuleIdentities", DOCUMENT);
		if (identityArray != null) {
			for (int i = 0; i < identityArray.size(); i++) {
				identities.add(TdxModuleIdentity.parse(identityArray.get(i), DOCUMENT + ".tdxModuleIdentities[" + i + "]"));
			}
		}
		List<TcbLevel> levels = new ArrayList<>();
		JsonNode levelArray = CollateralJson.array(root, "tcbLevels", DOCUMENT);
		for (int i = 0; i < levelArray.size(); i++) {
			levels.add(TcbLevel.parse(levelArray.get(i), tdx, DOCUMENT + ".tcbLevels[" + i + "]"));
		}
		levels.sort(CANONICAL_ORDER);
		return new TcbInfo(id, CollateralJson.integer(root, "version", Integer.MAX_VALUE, DOCUMENT),
				CollateralJson.instant(root, "issueDate", DOCUMENT), CollateralJson.instant(root, "nextUpdate", DOCUMENT),
				CollateralJson.hex(root, "fmspc", 6, DOCUMENT), CollateralJson.hex(root, "pceId", 2, DOCUMENT), module,
				identities, levels);
	}

	private static int compareSvns(int[] a, int[] b) {
		return Arrays.compare(a, b);
	}

	static TcbStatusWithAdvisories parseStatus(JsonNode level, String document) throws DcapVerificationException {
		String name = CollateralJson.text(level, "tcbStatus", document);
		TcbStatus status = TcbStatus.fromIntelName(name)
			.orElseThrow(() -> new DcapVerificationException(Reason.MALFORMED_COLLATERAL,
					document + ": unknown tcbStatus '" + name + "'"));
		List<String> advisories = new ArrayList<>();
		JsonNode ids = CollateralJson.optionalArray(level, "advisoryIDs", document);
		if (ids != null) {
			for (JsonNode idNode : ids) {
				if (!idNode.isTextual()) {
					throw new DcapVerificationException(Reason.MALFORMED_COLLATERAL,
							document + ": advisoryIDs must hold strings, found " + idNode);
				}
				advisories.add(idNode.textValue());
			}
		}
		return new TcbStatusWithAdvisories(status, advisories);
	}

	/**
	 * Default expectations for the TDX module.
	 *
	 * @param mrSigner 48-byte expected MRSIGNERSEAM
	 * @param attributes 8-byte expected SEAMATTRIBUTES
	 * @param attributesMask 8-byte mask selecting the compared attribute bits
	 */
	public record TdxModule(byte[] mrSigner, byte[] attributes, byte[] attributesMask) {

		public TdxModule {
			mrSigner = mrSigner.clone();
			attributes = attributes.clone();
			attributesMask = attributesMask.clone();
		}

		@Override
		public byte[] mrSigner() {
			return this.mrSigner.clone();
		}

		@Override
		public byte[] attributes() {
			return this.attributes.clone();
		}

		@Override
		public byte[] attributesMask() {
			return this.attributesMask.clone();
		}

		static TdxModule parse(JsonNode node, String document) throws DcapVerificationException {
			return new TdxModule(CollateralJson.hex(node, "mrsigner", 48, document),
					CollateralJson.hex(node, "attributes", 8, document),
					CollateralJson.hex(node, "attributesMask", 8, document));
		}

	}

	/**
	 * Expectations and TCB levels for one TDX module major version.
	 *
	 * @param id e.g. {@code TDX_01}
	 * @param module the signer and attribute expectations replacing the defaults
	 * @param tcbLevels module levels in JSON order
	 */
	public record TdxModuleIdentity(String id, TdxModule module, List<ModuleTcbLevel> tcbLevels) {

		public TdxModuleIdentity {
			tcbLevels = List.copyOf(tcbLevels);
		}

		static TdxModuleIdentity parse(JsonNode node, String document) throws DcapVerificationException {
			if (node == null || !node.isObject()) {
				throw new DcapVerificationException(Reason.MALFORMED_COLLATERAL, document + " must be an object");
			}
			List<ModuleTcbLevel> levels = new ArrayList<>();
			JsonNode levelArray = CollateralJson.array(node, "tcbLevels", document);
			for (int i = 0; i < levelArray.size(); i++) {
				levels.add(ModuleTcbLevel.parse(levelArray.get(i), document + ".tcbLevels[" + i + "]"));
			}
			return new TdxModuleIdentity(CollateralJson.text(node, "id", document), TdxModule.parse(node, document),
					levels);
		}

	}

	/**
	 * A TDX module TCB level (also the shape of QE identity levels).
	 *
	 * @param isvSvn the minimum SVN for this level
	 * @param status the level's status and advisories
	 */
	public record ModuleTcbLevel(int isvSvn, TcbStatusWithAdvisories status) {

		static ModuleTcbLevel parse(JsonNode node, String document) throws DcapVerificationException {
			if (node == null || !node.isObject()) {
				throw new DcapVerificationException(Reason.MALFORMED_COLLATERAL, document + " must be an object");
			}
			JsonNode tcb = CollateralJson.object(node, "tcb", document);
			return new ModuleTcbLevel(CollateralJson.integer(tcb, "isvsvn", 0xFFFF, document + ".tcb"),
					parseStatus(node, document));
		}

	}

	/**
	 * A platform TCB level.
	 *
	 * @param sgxComponentSvns the 16 SGX component SVNs
	 * @param pceSvn the minimum PCE SVN
	 * @param tdxComponentSvns the 16 TDX component SVNs (empty for SGX TCB info)
	 * @param status the level's status and advisories
	 */
	public record TcbLevel(int[] sgxComponentSvns, int pceSvn, int[] tdxComponentSvns,
			TcbStatusWithAdvisories status) {

		public TcbLevel {
			sgxComponentSvns = sgxComponentSvns.clone();
			tdxComponentSvns = tdxComponentSvns.clone();
		}

		@Override
		public int[] sgxComponentSvns() {
			return this.sgxComponentSvns.clone();
		}

		@Override
		public int[] tdxComponentSvns() {
			return this.tdxComponentSvns.clone();
		}

		static TcbLevel parse(JsonNode node, boolean tdx, String document) throws DcapVerificationException {
			if (node == null || !node.isObject()) {
				throw new DcapVerificationException(Reason.MALFORMED_COLLATERAL, document + " must be an object");
			}
			JsonNode tcb = CollateralJson.object(node, "tcb", document);
			int[] sgx = components(tcb, "sgxtcbcomponents", document + ".tcb");
			int[] tdxComponents = tdx ? components(tcb, "tdxtcbcomponents", document + ".tcb") : new int[0];
			return new TcbLevel(sgx, CollateralJson.integer(tcb, "pcesvn", 0xFFFF, document + ".tcb"), tdxComponents,
					parseStatus(node, document));
		}

		// Newer dcap-qvl and Intel QVL both insist on exactly 16 components; a shorter list would silently
		// compare only a prefix.
		private static int[] components(JsonNode tcb, String field, String document) throws DcapVerificationException {
			JsonNode array = CollateralJson.array(tcb, field, document);
			if (array.size() != COMPONENT_COUNT) {
				throw new DcapVerificationException(Reason.MALFORMED_COLLATERAL,
						document + ": '" + field + "' must have " + COMPONENT_COUNT + " entries, has " + array.size());
			}
			int[] svns = new int[COMPONENT_COUNT];
			for (int i = 0; i < COMPONENT_COUNT; i++) {
				JsonNode component = array.get(i);
				if (!component.isObject()) {
					throw new DcapVerificationException(Reason.MALFORMED_COLLATERAL,
							document + "." + field + "[" + i + "] must be an object");
				}
				svns[i] = CollateralJson.integer(component, "svn", 0xFF, document + "." + field + "[" + i + "]");
			}
			return svns;
		}

	}

}
