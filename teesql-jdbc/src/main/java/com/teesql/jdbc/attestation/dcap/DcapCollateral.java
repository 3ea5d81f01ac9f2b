package com.teesql.jdbc.attestation.dcap;

import java.util.Arrays;
import java.util.Objects;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The verification collateral of a DCAP quote (dcap-qvl's {@code QuoteCollateralV3}), fetched out of band from
 * Intel PCS or a PCCS. {@link #tcbInfo()} and {@link #qeIdentity()} hold the JSON text exactly as Intel signed it,
 * because the signatures cover those bytes and nothing else.
 *
 * @param pckCrlIssuerChain PEM chain of the PCK CRL issuer (carried, not used for verification)
 * @param rootCaCrl DER CRL issued by the Intel SGX Root CA
 * @param pckCrl DER CRL issued by the PCK Platform (or Processor) CA
 * @param tcbInfoIssuerChain PEM chain of the TCB info signer
 * @param tcbInfo the signed {@code tcbInfo} JSON text
 * @param tcbInfoSignature raw 64-byte ECDSA r‖s over {@code tcbInfo}
 * @param qeIdentityIssuerChain PEM chain of the QE identity signer
 * @param qeIdentity the signed {@code enclaveIdentity} JSON text
 * @param qeIdentitySignature raw 64-byte ECDSA r‖s over {@code qeIdentity}
 * @param pckCertificateChain optional PEM PCK chain that replaces the one inside the quote, or {@code null}
 */
public record DcapCollateral(String pckCrlIssuerChain, byte[] rootCaCrl, byte[] pckCrl, String tcbInfoIssuerChain,
		String tcbInfo, byte[] tcbInfoSignature, String qeIdentityIssuerChain, String qeIdentity,
		byte[] qeIdentitySignature, String pckCertificateChain) {

	private static final String DOCUMENT = "collateral";

	public DcapCollateral {
		Objects.requireNonNull(pckCrlIssuerChain, "pckCrlIssuerChain");
		rootCaCrl = Objects.requireNonNull(rootCaCrl, "rootCaCrl").clone();
		pckCrl = Objects.requireNonNull(pckCrl, "pckCrl").clone();
		Objects.requireNonNull(tcbInfoIssuerChain, "tcbInfoIssuerChain");
		Objects.requireNonNull(tcbInfo, "tcbInfo");
		tcbInfoSignature = Objects.requireNonNull(tcbInfoSignature, "tcbInfoSignature").clone();
		Objects.requireNonNull(qeIdentityIssuerChain, "qeIdentityIssuerChain");
		Objects.requireNonNull(qeIdentity, "qeIdentity");
		qeIdentitySignature = Objects.requireNonNull(qeIdentitySignature, "qeIdentitySignature").clone();
	}

	/**
	 * Read collateral in the JSON shape dcap-qvl and the project's test vectors use: nine required string keys
	 * ({@code root_ca_crl}, {@code pck_crl} and the signatures as hex in either case) and an optional
	 * {@code pck_certificate_chain}. Unknown keys are ignored.
	 * @param json the collateral document
	 * @return the collateral
	 * @throws DcapVerificationException if a key is missing, not a string, or not valid hex
	 */
	public static DcapCollateral fromJson(String json) throws DcapVerificationException {
		JsonNode root = CollateralJson.parseObject(json, DOCUMENT);
		JsonNode pckChain = root.get("pck_certificate_chain");
		String pckCertificateChain = null;
		if (pckChain != null && !pckChain.isNull()) {
			pckCertificateChain = CollateralJson.text(root, "pck_certificate_chain", DOCUMENT);
		}
		return new DcapCollateral(CollateralJson.text(root, "pck_crl_issuer_chain", DOCUMENT),
				CollateralJson.hex(root, "root_ca_crl", -1, DOCUMENT), CollateralJson.hex(root, "pck_crl", -1, DOCUMENT),
				CollateralJson.text(root, "tcb_info_issuer_chain", DOCUMENT), CollateralJson.text(root, "tcb_info", DOCUMENT),
				CollateralJson.hex(root, "tcb_info_signature", -1, DOCUMENT),
				CollateralJson.text(root, "qe_identity_issuer_chain", DOCUMENT),
				CollateralJson.text(root, "qe_identity", DOCUMENT),
				CollateralJson.hex(root, "qe_identity_signature", -1, DOCUMENT), pckCertificateChain);
	}

	@Override
	public byte[] rootCaCrl() {
		return this.rootCaCrl.clone();
	}

	@Override
	public byte[] pckCrl() {
		return this.pckCrl.clone();
	}

	@Override
	public byte[] tcbInfoSignature() {
		return this.tcbInfoSignature.clone();
	}

	@Override
	public byte[] qeIdentitySignature() {
		return this.qeIdentitySignature.clone();
	}

	@Override
	public boolean equals(Object obj) {
		return (obj instanceof DcapCollateral other) && this.pckCrlIssuerChain.equals(other.pckCrlIssuerChain)
				&& Arrays.equals(this.rootCaCrl, other.rootCaCrl) && Arrays.equals(this.pckCrl, other.pckCrl)
				&& this.tcbInfoIssuerChain.equals(other.tcbInfoIssuerChain) && this.tcbInfo.equals(other.tcbInfo)
				&& Arrays.equals(this.tcbInfoSignature, other.tcbInfoSignature)
				&& this.qeIdentityIssuerChain.equals(other.qeIdentityIssuerChain)
				&& this.qeIdentity.equals(other.qeIdentity)
				&& Arrays.equals(this.qeIdentitySignature, other.qeIdentitySignature)
				&& Objects.equals(this.pckCertificateChain, other.pckCertificateChain);
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.tcbInfo, this.qeIdentity, Arrays.hashCode(this.rootCaCrl), Arrays.hashCode(this.pckCrl));
	}

	@Override
	public String toString() {
		return "DcapCollateral[rootCaCrl=" + this.rootCaCrl.length + " bytes, pckCrl=" + this.pckCrl.length
				+ " bytes, tcbInfo=" + this.tcbInfo.length() + " chars, qeIdentity=" + this.qeIdentity.length()
				+ " chars, pckCertificateChain=" + ((this.pckCertificateChain != null) ? "present" : "absent") + "]";
	}

}
