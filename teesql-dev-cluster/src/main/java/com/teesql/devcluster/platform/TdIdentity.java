package com.teesql.devcluster.platform;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import com.teesql.jdbc.attestation.TdxQuoteLayout;

/**
 * The measured identity of one simulated trust domain (a dstack CVM): the boot measurements, the dstack application
 * identity and whether the TD runs in debug mode. RTMR3, MRCONFIGID and TDATTRIBUTES are derived, exactly as dstack
 * derives them, so that replaying {@link #runtimeEvents()} always reproduces the quoted RTMR3.
 *
 * @param mrTd the initial TD measurement (48 bytes)
 * @param rtmr0 firmware measurement register (48 bytes)
 * @param rtmr1 OS loader measurement register (48 bytes)
 * @param rtmr2 OS measurement register (48 bytes)
 * @param appId the dstack application id (20 bytes)
 * @param composeHash SHA-256 of the normalised app-compose (32 bytes)
 * @param instanceId the dstack instance id (20 bytes)
 * @param debug whether the TD debug attribute is set
 */
public record TdIdentity(byte[] mrTd, byte[] rtmr0, byte[] rtmr1, byte[] rtmr2, byte[] appId, byte[] composeHash,
		byte[] instanceId, boolean debug) {

	/** Size of a dstack application id. */
	public static final int APP_ID_SIZE = 20;

	/** Size of a compose hash (SHA-256). */
	public static final int COMPOSE_HASH_SIZE = 32;

	/** Size of a dstack instance id. */
	public static final int INSTANCE_ID_SIZE = 20;

	private static final int MR = TdxQuoteLayout.MEASUREMENT_SIZE;

	private static final int TD_ATTRIBUTES_SIZE = 8;

	/** dstack marks MRCONFIGID as "compose hash follows" with this leading byte. */
	private static final byte MR_CONFIG_ID_COMPOSE_HASH_TAG = 0x01;

	public TdIdentity {
		mrTd = Bytes.checkedCopy(mrTd, MR, "mrTd");
		rtmr0 = Bytes.checkedCopy(rtmr0, MR, "rtmr0");
		rtmr1 = Bytes.checkedCopy(rtmr1, MR, "rtmr1");
		rtmr2 = Bytes.checkedCopy(rtmr2, MR, "rtmr2");
		appId = Bytes.checkedCopy(appId, APP_ID_SIZE, "appId");
		composeHash = Bytes.checkedCopy(composeHash, COMPOSE_HASH_SIZE, "composeHash");
		instanceId = Bytes.checkedCopy(instanceId, INSTANCE_ID_SIZE, "instanceId");
	}

	/**
	 * A fresh, non-debug identity with random measurements and ids.
	 * @param random the randomness source
	 * @return the identity
	 */
	public static TdIdentity random(SecureRandom random) {
		return new TdIdentity(randomBytes(random, MR), randomBytes(random, MR), randomBytes(random, MR),
				randomBytes(random, MR), randomBytes(random, APP_ID_SIZE), randomBytes(random, COMPOSE_HASH_SIZE),
				randomBytes(random, INSTANCE_ID_SIZE), false);
	}

	/**
	 * A copy with another MRTD (a different TD image).
	 * @param newMrTd the 48-byte MRTD
	 * @return the copy
	 */
	public TdIdentity withMrTd(byte[] newMrTd) {
		return new TdIdentity(newMrTd, this.rtmr0, this.rtmr1, this.rtmr2, this.appId, this.composeHash,
				this.instanceId, this.debug);
	}

	/**
	 * A copy with the debug attribute set or cleared.
	 * @param newDebug whether the TD is debuggable
	 * @return the copy
	 */
	public TdIdentity withDebug(boolean newDebug) {
		return new TdIdentity(this.mrTd, this.rtmr0, this.rtmr1, this.rtmr2, this.appId, this.composeHash,
				this.instanceId, newDebug);
	}

	/**
	 * MRCONFIGID as dstack sets it: {@code 0x01 ‖ composeHash ‖ zero padding} to 48 bytes.
	 * @return the 48-byte value
	 */
	public byte[] mrConfigId() {
		byte[] value = new byte[MR];
		value[0] = MR_CONFIG_ID_COMPOSE_HASH_TAG;
		System.arraycopy(this.composeHash, 0, value, 1, COMPOSE_HASH_SIZE);
		return value;
	}

	/**
	 * TDATTRIBUTES: SEPT_VE_DISABLE is always set (production TDs require it); DEBUG follows {@link #debug()}.
	 * @return the 8-byte value
	 */
	public byte[] tdAttributes() {
		byte[] value = new byte[TD_ATTRIBUTES_SIZE];
		value[3] = (byte) TdxQuoteLayout.TD_ATTRIBUTES_SEPT_VE_DISABLE_MASK_BYTE3;
		if (this.debug) {
			value[0] = (byte) TdxQuoteLayout.TD_ATTRIBUTES_DEBUG_MASK_BYTE0;
		}
		return value;
	}

	/**
	 * The runtime events dstack extends into RTMR3 during boot, in order.
	 * @return the events
	 */
	public List<RuntimeEvent> runtimeEvents() {
		return List.of(new RuntimeEvent("system-preparing", new byte[0]), new RuntimeEvent("app-id", this.appId),
				new RuntimeEvent("compose-hash", this.composeHash), new RuntimeEvent("instance-id", this.instanceId),
				new RuntimeEvent("boot-mr-done", new byte[0]), new RuntimeEvent("system-ready", new byte[0]));
	}

	/**
	 * RTMR3, computed by replaying {@link #runtimeEvents()}.
	 * @return the 48-byte register value
	 */
	public byte[] rtmr3() {
		return RuntimeEvent.replay(runtimeEvents());
	}

	/**
	 * A stand-in for dstack's OS image hash: the real one hashes the image files, which the boot measurements
	 * already cover, so deriving it from them keeps it stable per identity.
	 * @return the 32-byte value
	 */
	public byte[] osImageHash() {
		return Bytes.digest("SHA-256", this.mrTd, this.rtmr0, this.rtmr1, this.rtmr2);
	}

	@Override
	public byte[] mrTd() {
		return this.mrTd.clone();
	}

	@Override
	public byte[] rtmr0() {
		return this.rtmr0.clone();
	}

	@Override
	public byte[] rtmr1() {
		return this.rtmr1.clone();
	}

	@Override
	public byte[] rtmr2() {
		return this.rtmr2.clone();
	}

	@Override
	public byte[] appId() {
		return this.appId.clone();
	}

	@Override
	public byte[] composeHash() {
		return this.composeHash.clone();
	}

	@Override
	public byte[] instanceId() {
		return this.instanceId.clone();
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof TdIdentity that && Arrays.equals(this.mrTd, that.mrTd)
				&& Arrays.equals(this.rtmr0, that.rtmr0) && Arrays.equals(this.rtmr1, that.rtmr1)
				&& Arrays.equals(this.rtmr2, that.rtmr2) && Arrays.equals(this.appId, that.appId)
				&& Arrays.equals(this.composeHash, that.composeHash)
				&& Arrays.equals(this.instanceId, that.instanceId) && this.debug == that.debug;
	}

	@Override
	public int hashCode() {
		int result = Arrays.hashCode(this.mrTd);
		for (byte[] part : List.of(this.rtmr0, this.rtmr1, this.rtmr2, this.appId, this.composeHash,
				this.instanceId)) {
			result = 31 * result + Arrays.hashCode(part);
		}
		return 31 * result + Boolean.hashCode(this.debug);
	}

	@Override
	public String toString() {
		HexFormat hex = HexFormat.of();
		return "TdIdentity[mrTd=" + hex.formatHex(this.mrTd) + ", appId=" + hex.formatHex(this.appId)
				+ ", composeHash=" + hex.formatHex(this.composeHash) + ", instanceId="
				+ hex.formatHex(this.instanceId) + ", debug=" + this.debug + "]";
	}

	private static byte[] randomBytes(SecureRandom random, int length) {
		byte[] bytes = new byte[length];
		random.nextBytes(bytes);
		return bytes;
	}

}
