package com.teesql.jdbc.attestation.dcap;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import com.teesql.jdbc.attestation.dcap.TcbInfo.ModuleTcbLevel;

/**
 * The parts of Intel's {@code enclaveIdentity} document for the TD quoting enclave that DCAP verification evaluates.
 *
 * @param id {@code TD_QE} for TDX
 * @param version the document version
 * @param issueDate when Intel issued it
 * @param nextUpdate when it expires
 * @param miscSelect expected MISCSELECT (the 4 hex bytes read as a little-endian integer)
 * @param miscSelectMask mask for MISCSELECT (little-endian, like the value)
 * @param attributes 16-byte expected ATTRIBUTES
 * @param attributesMask 16-byte mask for ATTRIBUTES
 * @param mrSigner 32-byte expected MRSIGNER
 * @param isvProdId expected ISVPRODID
 * @param tcbLevels QE TCB levels in JSON order
 */
public record QeIdentity(String id, int version, Instant issueDate, Instant nextUpdate, int miscSelect,
		int miscSelectMask, byte[] attributes, byte[] attributesMask, byte[] mrSigner, int isvProdId,
		List<ModuleTcbLevel> tcbLevels) {

	private static final String DOCUMENT = "qe_identity";

	public QeIdentity {
		attributes = attributes.clone();
		attributesMask = attributesMask.clone();
		mrSigner = mrSigner.clone();
		tcbLevels = List.copyOf(tcbLevels);
	}

	@Override
	public byte[] attributes() {
		return this.attributes.clone();
	}

	@Override
	public byte[] attributesMask() {
		return this.attributesMask.clone();
	}

	@Override
	public byte[] mrSigner() {
		return this.mrSigner.clone();
	}

	/**
	 * Parse the signed {@code enclaveIdentity} text.
	 * @param json the JSON text
	 * @return the model
	 * @throws DcapVerificationException if a field is missing or invalid, or a status is not one of the known values
	 */
	public static QeIdentity parse(String json) throws DcapVerificationException {
		JsonNode root = CollateralJson.parseObject(json, DOCUMENT);
		List<ModuleTcbLevel> levels = new ArrayList<>();
		JsonNode levelArray = CollateralJson.array(root, "tcbLevels", DOCUMENT);
		for (int i = 0; i < levelArray.size(); i++) {
			levels.add(ModuleTcbLevel.parse(levelArray.get(i), DOCUMENT + ".tcbLevels[" + i + "]"));
		}
		return new QeIdentity(CollateralJson.text(root, "id", DOCUMENT),
				CollateralJson.integer(root, "version", Integer.MAX_VALUE, DOCUMENT),
				CollateralJson.instant(root, "issueDate", DOCUMENT), CollateralJson.instant(root, "nextUpdate", DOCUMENT),
				littleEndian(CollateralJson.hex(root, "miscselect", 4, DOCUMENT)),
				littleEndian(CollateralJson.hex(root, "miscselectMask", 4, DOCUMENT)),
				CollateralJson.hex(root, "attributes", 16, DOCUMENT),
				CollateralJson.hex(root, "attributesMask", 16, DOCUMENT),
				CollateralJson.hex(root, "mrsigner", 32, DOCUMENT),
				CollateralJson.integer(root, "isvprodid", 0xFFFF, DOCUMENT), levels);
	}

	private static int littleEndian(byte[] bytes) {
		return (bytes[0] & 0xFF) | (bytes[1] & 0xFF) << 8 | (bytes[2] & 0xFF) << 16 | (bytes[3] & 0xFF) << 24;
	}

}
