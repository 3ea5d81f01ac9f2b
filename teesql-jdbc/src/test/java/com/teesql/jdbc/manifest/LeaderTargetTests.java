package com.teesql.jdbc.manifest;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@code leader_url} → host and port (protocol §6.7).
 */
class LeaderTargetTests {

	@Test
	void defaultPortsPerScheme() throws Exception {
		assertThat(LeaderTarget.fromLeaderUrl("https://abc-5433s.dstack-base-prod4.phala.network"))
			.isEqualTo(new LeaderTarget("abc-5433s.dstack-base-prod4.phala.network", 443));
		assertThat(LeaderTarget.fromLeaderUrl("http://leader.example/path")).isEqualTo(new LeaderTarget("leader.example", 80));
		assertThat(LeaderTarget.fromLeaderUrl("postgresql://leader.example")).isEqualTo(new LeaderTarget("leader.example", 5433));
		assertThat(LeaderTarget.fromLeaderUrl("postgres://leader.example/db")).isEqualTo(new LeaderTarget("leader.example", 5433));
		assertThat(LeaderTarget.fromLeaderUrl("HTTPS://Leader.Example")).isEqualTo(new LeaderTarget("Leader.Example", 443));
	}

	@Test
	void explicitPortWins() throws Exception {
		assertThat(LeaderTarget.fromLeaderUrl("https://leader.example:8443")).isEqualTo(new LeaderTarget("leader.example", 8443));
		assertThat(LeaderTarget.fromLeaderUrl("http://127.0.0.1:5433")).isEqualTo(new LeaderTarget("127.0.0.1", 5433));
		LeaderTarget v6 = LeaderTarget.fromLeaderUrl("postgresql://[::1]:15433");
		assertThat(v6).isEqualTo(new LeaderTarget("::1", 15433));
		assertThat(v6).hasToString("[::1]:15433");
	}

	@Test
	void refusesWhatCannotBeDialled() {
		assertThatExceptionOfType(InvalidLeaderUrlException.class)
			.isThrownBy(() -> LeaderTarget.fromLeaderUrl("ftp://leader.example"))
			.withMessage("unknown scheme for ftp://leader.example: ftp");
		assertThatExceptionOfType(InvalidLeaderUrlException.class)
			.isThrownBy(() -> LeaderTarget.fromLeaderUrl("leader.example:5433"))
			.withMessageContaining("leader.example:5433");
		assertThatExceptionOfType(InvalidLeaderUrlException.class)
			.isThrownBy(() -> LeaderTarget.fromLeaderUrl("https:///nohost"))
			.withMessage("leader_url has no hostname: https:///nohost");
		assertThatExceptionOfType(InvalidLeaderUrlException.class)
			.isThrownBy(() -> LeaderTarget.fromLeaderUrl("https://bad host"))
			.withMessageStartingWith("invalid leader_url: https://bad host");
		assertThatExceptionOfType(InvalidLeaderUrlException.class).isThrownBy(() -> LeaderTarget.fromLeaderUrl(""))
			.withMessage("leader_url is empty");
	}

}
