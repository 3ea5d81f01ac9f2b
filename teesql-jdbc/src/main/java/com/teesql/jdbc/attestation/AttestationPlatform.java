package com.teesql.jdbc.attestation;

/**
 * The platform a dstack attestation comes from: the V1 envelope's {@code platform.kind} and the V0 envelope's
 * {@code AttestationQuote} variant index. Only the TDX platforms carry a TDX quote, which is what teesql-jdbc
 * verifies (DCAP or Intel Trust Authority); the others are refused by name.
 */
public enum AttestationPlatform {

	/** Intel TDX: TDX quote and TDX event log. */
	TDX("tdx", 0, "DstackTdx", "Intel TDX", true),

	/**
	 * Intel TDX on Google Cloud: TDX quote and event log plus a vTPM quote; the TDX quote is verified, the vTPM quote
	 * is decoded but not verified.
	 */
	GCP_TDX("gcp-tdx", 1, "DstackGcpTdx", "Intel TDX on Google Cloud with a vTPM quote", true),

	/** AWS Nitro Enclave: an NSM attestation document. */
	NITRO_ENCLAVE("nitro-enclave", 2, "DstackNitroEnclave", "AWS Nitro Enclave", false),

	/** AMD SEV-SNP: an SNP report. */
	SEV_SNP("sev-snp", 3, "DstackAmdSevSnp", "AMD SEV-SNP", false),

	/** AWS EC2 NitroTPM: a NitroTPM attestation document. */
	AWS_NITRO_TPM("aws-nitro-tpm", 4, "DstackAwsNitroTpm", "AWS EC2 NitroTPM", false);

	private final String kind;

	private final int v0Variant;

	private final String v0Name;

	private final String description;

	private final boolean supported;

	AttestationPlatform(String kind, int v0Variant, String v0Name, String description, boolean supported) {
		this.kind = kind;
		this.v0Variant = v0Variant;
		this.v0Name = v0Name;
		this.description = description;
		this.supported = supported;
	}

	/**
	 * The V1 {@code platform.kind} string.
	 * @return for example {@code gcp-tdx}
	 */
	public String kind() {
		return this.kind;
	}

	/**
	 * The V0 {@code AttestationQuote} variant index.
	 * @return 0..4
	 */
	public int v0Variant() {
		return this.v0Variant;
	}

	/**
	 * Whether teesql-jdbc verifies this platform's evidence.
	 * @return true for {@code tdx} and {@code gcp-tdx}
	 */
	public boolean supported() {
		return this.supported;
	}

	/**
	 * The refusal for an unsupported platform, naming it.
	 * @return the message
	 */
	public String refusal() {
		return "attestation platform " + this.kind + " (" + this.description + ", V0 variant " + this.v0Variant + " "
				+ this.v0Name + ") is not supported: teesql-jdbc verifies TDX quotes only (platforms tdx and gcp-tdx)"
				+ " — connection refused";
	}

	static AttestationPlatform ofKind(String kind) {
		for (AttestationPlatform platform : values()) {
			if (platform.kind.equals(kind)) {
				return platform;
			}
		}
		return null;
	}

	static AttestationPlatform ofV0Variant(int variant) {
		for (AttestationPlatform platform : values()) {
			if (platform.v0Variant == variant) {
				return platform;
			}
		}
		return null;
	}

}
