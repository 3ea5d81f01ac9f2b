package com.teesql.devcluster.platform;

import java.security.KeyPair;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;

/**
 * A simulated Intel TDX machine: its provisioning PKI, its quoting enclave's attestation key and TCB, and the quote
 * signer they make up. Quotes it produces have the exact DCAP v4 layout and carry real ECDSA signatures that chain to
 * {@link DevPki#rootCertificate()} instead of Intel's root.
 */
public final class DevTdxPlatform {

	private final DevPki pki;

	private final KeyPair attestationKey;

	private final PlatformTcb tcb;

	private final QuotingEnclaveIdentity qeIdentity;

	private final byte[] qeId;

	private final DevQuoteSigner signer;

	private DevTdxPlatform(DevPki pki, KeyPair attestationKey, PlatformTcb tcb, QuotingEnclaveIdentity qeIdentity,
			byte[] qeId) {
		this.pki = pki;
		this.attestationKey = attestationKey;
		this.tcb = tcb;
		this.qeIdentity = qeIdentity;
		this.qeId = qeId.clone();
		this.signer = new DevQuoteSigner(attestationKey, pki, tcb, qeIdentity, qeId);
	}

	/**
	 * A platform with a fresh PKI, attestation key and QE id, and default TCB values.
	 * @param random the randomness source
	 * @return the platform
	 */
	public static DevTdxPlatform create(SecureRandom random) {
		return create(DevPki.generate(random), PlatformTcb.defaults(), QuotingEnclaveIdentity.defaults(), random);
	}

	/**
	 * A platform on an existing PKI with the given TCB and QE identity and a fresh attestation key and QE id. If the
	 * PKI's PCK certificate was issued for another CPUSVN or PCESVN, the platform gets a new PCK for {@code tcb}
	 * from the same Platform CA, so that its quotes stay consistent with the certificate they carry.
	 * @param pki the provisioning PKI
	 * @param tcb the platform TCB
	 * @param qeIdentity the quoting enclave identity
	 * @param random the randomness source
	 * @return the platform
	 */
	public static DevTdxPlatform create(DevPki pki, PlatformTcb tcb, QuotingEnclaveIdentity qeIdentity,
			SecureRandom random) {
		byte[] qeId = new byte[16];
		random.nextBytes(qeId);
		DevPki platformPki = pki.certifies(tcb) ? pki : pki.withPckFor(tcb, random);
		return new DevTdxPlatform(platformPki, DevCertificates.generateP256(random), tcb, qeIdentity, qeId);
	}

	/**
	 * Quotes a trust domain.
	 * @param td the trust domain
	 * @param reportData the 64-byte REPORTDATA
	 * @return a signed DCAP v4 quote
	 */
	public byte[] quote(TdIdentity td, byte[] reportData) {
		return this.signer.sign(td, reportData);
	}

	/**
	 * Quotes a trust domain that extended other runtime events than its own into RTMR3 (for example one booted
	 * without an {@code instance-id} event).
	 * @param td the trust domain
	 * @param runtimeEvents the events replayed into the quoted RTMR3
	 * @param reportData the 64-byte REPORTDATA
	 * @return a signed DCAP v4 quote
	 */
	public byte[] quote(TdIdentity td, List<RuntimeEvent> runtimeEvents, byte[] reportData) {
		return this.signer.sign(td, RuntimeEvent.replay(runtimeEvents), reportData);
	}

	/**
	 * The provisioning PKI, whose PCK certifies this platform's TCB.
	 * @return the PKI
	 */
	public DevPki pki() {
		return this.pki;
	}

	/**
	 * The quoting enclave's attestation public key (the key quotes are signed with).
	 * @return the public key
	 */
	public PublicKey attestationPublicKey() {
		return this.attestationKey.getPublic();
	}

	/**
	 * The platform TCB written into quotes.
	 * @return the TCB
	 */
	public PlatformTcb tcb() {
		return this.tcb;
	}

	/**
	 * The quoting enclave identity written into QE reports.
	 * @return the identity
	 */
	public QuotingEnclaveIdentity qeIdentity() {
		return this.qeIdentity;
	}

	/**
	 * The 16-byte QE id in the quote header's user data.
	 * @return the QE id
	 */
	public byte[] qeId() {
		return this.qeId.clone();
	}

	@Override
	public String toString() {
		return "DevTdxPlatform[qeId=" + HexFormat.of().formatHex(this.qeId) + ", " + this.tcb + "]";
	}

}
