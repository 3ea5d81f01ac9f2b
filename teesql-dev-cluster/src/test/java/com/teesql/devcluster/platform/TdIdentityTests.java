package com.teesql.devcluster.platform;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class TdIdentityTests {

	private final TdIdentity td = TdIdentity.random(new SecureRandom());

	@Test
	void mrConfigIdIsTaggedComposeHashPaddedWithZeros() {
		byte[] mrConfigId = this.td.mrConfigId();
		assertThat(mrConfigId).hasSize(48);
		assertThat(mrConfigId[0]).isEqualTo((byte) 0x01);
		assertThat(Arrays.copyOfRange(mrConfigId, 1, 33)).isEqualTo(this.td.composeHash());
		assertThat(Arrays.copyOfRange(mrConfigId, 33, 48)).containsOnly(0);
	}

	@Test
	void tdAttributesAlwaysSetSeptVeDisableAndDebugOnlyWhenAsked() {
		assertThat(this.td.tdAttributes()).containsExactly(0, 0, 0, 0x10, 0, 0, 0, 0);
		assertThat(this.td.withDebug(true).tdAttributes()).containsExactly(1, 0, 0, 0x10, 0, 0, 0, 0);
	}

	@Test
	void runtimeEventsFollowDstackOrderWithIdentityPayloads() {
		assertThat(this.td.runtimeEvents()).extracting(RuntimeEvent::event)
			.containsExactly("system-preparing", "app-id", "compose-hash", "instance-id", "boot-mr-done",
					"system-ready");
		assertThat(this.td.runtimeEvents().get(1).payload()).isEqualTo(this.td.appId());
		assertThat(this.td.runtimeEvents().get(2).payload()).isEqualTo(this.td.composeHash());
		assertThat(this.td.runtimeEvents().get(3).payload()).isEqualTo(this.td.instanceId());
	}

	@Test
	void rtmr3IsTheReplayOfTheRuntimeEvents() throws Exception {
		byte[] mr = new byte[48];
		for (RuntimeEvent event : this.td.runtimeEvents()) {
			MessageDigest eventDigest = MessageDigest.getInstance("SHA-384");
			eventDigest.update(new byte[] { 0x01, 0x00, 0x00, 0x08 });
			eventDigest.update((":" + event.event() + ":").getBytes(StandardCharsets.UTF_8));
			eventDigest.update(event.payload());
			MessageDigest extend = MessageDigest.getInstance("SHA-384");
			extend.update(mr);
			extend.update(eventDigest.digest());
			mr = extend.digest();
		}
		assertThat(this.td.rtmr3()).isEqualTo(mr);
	}

	@Test
	void withersChangeOnlyTheirField() {
		byte[] otherMrTd = new byte[48];
		Arrays.fill(otherMrTd, (byte) 7);
		TdIdentity changed = this.td.withMrTd(otherMrTd);
		assertThat(changed.mrTd()).isEqualTo(otherMrTd);
		assertThat(changed.withMrTd(this.td.mrTd())).isEqualTo(this.td);
		assertThat(this.td.withDebug(true).withDebug(false)).isEqualTo(this.td);
		assertThat(this.td.withDebug(true)).isNotEqualTo(this.td);
	}

	@Test
	void rejectsWrongLengthsNamingTheField() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.td.withMrTd(new byte[47]))
			.withMessageContaining("mrTd")
			.withMessageContaining("47");
	}

	@Test
	void isImmutable() {
		byte[] appId = this.td.appId();
		appId[0] ^= 1;
		assertThat(this.td.appId()).isNotEqualTo(appId);
	}

}
