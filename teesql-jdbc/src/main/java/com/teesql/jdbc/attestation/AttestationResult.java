package com.teesql.jdbc.attestation;

import java.util.Optional;

/**
 * What was established about a verified peer. In simulator mode (peer certificate without any attestation
 * extension, accepted because simulators were allowed) only {@link #leafSha256()} is set and
 * {@link #simulator()} is {@code true}.
 *
 * @param leafSha256 SHA-256 of the peer's leaf certificate DER, lowercase hex
 * @param simulator whether the peer was accepted without attestation
 * @param mrtd MRTD, lowercase hex ({@code null} in simulator mode)
 * @param rtmr0 RTMR0 ({@code null} in simulator mode)
 * @param rtmr1 RTMR1 ({@code null} in simulator mode)
 * @param rtmr2 RTMR2 ({@code null} in simulator mode)
 * @param rtmr3 RTMR3 ({@code null} in simulator mode)
 * @param debug whether the TD is a debug TD
 * @param tcbStatus the TCB status from the verifier ({@code null} in simulator mode)
 * @param verifierName the verifier's name ({@code null} in simulator mode)
 * @param appId the dstack app id when the evidence carried runtime events, else {@code null}
 * @param composeHash the compose hash when present, else {@code null}
 * @param instanceId the instance id when present, else {@code null}
 * @param attestationFormat the envelope format: {@code V0}, {@code V1}, or {@code legacy} for the raw-quote
 * extension ({@code null} in simulator mode)
 * @param platform the attested platform ({@code tdx} or {@code gcp-tdx}; {@code null} in simulator mode)
 */
public record AttestationResult(String leafSha256, boolean simulator, String mrtd, String rtmr0, String rtmr1,
		String rtmr2, String rtmr3, boolean debug, String tcbStatus, String verifierName, String appId,
		String composeHash, String instanceId, String attestationFormat, String platform) {

	static AttestationResult simulator(String leafSha256) {
		return new AttestationResult(leafSha256, true, null, null, null, null, null, false, null, null, null, null,
				null, null, null);
	}

	static AttestationResult verified(String leafSha256, RaTlsEvidence evidence, VerifiedQuote verified) {
		TdxQuote quote = evidence.quote();
		Optional<VersionedAttestation> envelope = evidence.attestation();
		return new AttestationResult(leafSha256, false, quote.mrTdHex(), quote.rtmrHex(0), quote.rtmrHex(1),
				quote.rtmrHex(2), quote.rtmrHex(3), quote.isDebug(), verified.tcbStatus(), verified.verifierName(),
				envelope.flatMap(VersionedAttestation::appId).orElse(null),
				envelope.flatMap(VersionedAttestation::composeHash).orElse(null),
				envelope.flatMap(VersionedAttestation::instanceId).orElse(null), evidence.formatName(),
				evidence.platformName());
	}

}
