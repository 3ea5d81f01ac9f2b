package com.teesql.jdbc.attestation;

import java.util.List;

/**
 * The vTPM quote of a {@code gcp-tdx} attestation (tpm-types {@code TpmQuote}), decoded for display. teesql-jdbc
 * does not verify it: verifying would mean checking the AK certificate chain to Google's vTPM root, the quote
 * signature over {@code message} (TPMS_ATTEST), that its qualifying data is SHA-256 of the TDX quote, and that the
 * runtime events replay (SHA-256) to PCR 14. The TDX quote, verified as on every TDX platform, already attests the
 * runtime events through RTMR3 and the certificate key through REPORTDATA.
 *
 * @param message the TPMS_ATTEST bytes
 * @param signature the quote signature
 * @param pcrValues the quoted PCR values
 * @param akCert the attestation key certificate (DER)
 * @param platform the platform the quote says it comes from ({@code dstack}, {@code gcp}, {@code nitroenclave},
 * {@code aws-ec2})
 * @param eventLog the TPM event log entries
 */
public record VtpmQuote(byte[] message, byte[] signature, List<PcrValue> pcrValues, byte[] akCert, String platform,
		List<TpmEvent> eventLog) {

	/** tpm-types {@code Platform}, in SCALE variant order. */
	static final List<String> PLATFORMS = List.of("dstack", "gcp", "nitroenclave", "aws-ec2");

	public VtpmQuote {
		message = message.clone();
		signature = signature.clone();
		pcrValues = List.copyOf(pcrValues);
		akCert = akCert.clone();
		eventLog = List.copyOf(eventLog);
	}

	@Override
	public byte[] message() {
		return this.message.clone();
	}

	@Override
	public byte[] signature() {
		return this.signature.clone();
	}

	@Override
	public byte[] akCert() {
		return this.akCert.clone();
	}

	@Override
	public String toString() {
		return "VtpmQuote[platform=" + this.platform + ", message=" + this.message.length + " bytes, pcrs="
				+ this.pcrValues.size() + ", events=" + this.eventLog.size() + "]";
	}

	/**
	 * One quoted PCR.
	 *
	 * @param index the PCR index
	 * @param algorithm the hash algorithm name
	 * @param value the PCR value
	 */
	public record PcrValue(long index, String algorithm, byte[] value) {

		public PcrValue {
			value = value.clone();
		}

		@Override
		public byte[] value() {
			return this.value.clone();
		}

	}

	/**
	 * One TPM event log entry.
	 *
	 * @param pcrIndex the PCR it extended
	 * @param digest its SHA-256 digest
	 */
	public record TpmEvent(long pcrIndex, byte[] digest) {

		public TpmEvent {
			digest = digest.clone();
		}

		@Override
		public byte[] digest() {
			return this.digest.clone();
		}

	}

}
