package com.teesql.jdbc.routing;

import java.util.Arrays;
import java.util.List;

import com.teesql.jdbc.manifest.LeaderTarget;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link ReadEndpoints}.
 *
 * @author teesql-spring-boot
 */
class ReadEndpointsTests {

	@Test
	void parsesHostPortBracketedIpv6AndABareHostOnTheSidecarPort() {
		assertThat(ReadEndpoints.parse(List.of("standby-1:15433", " [fd00::2]:6000 ", "standby-2", "[fd00::3]")))
			.containsExactly(new LeaderTarget("standby-1", 15433), new LeaderTarget("fd00::2", 6000),
					new LeaderTarget("standby-2", LeaderTarget.SIDECAR_PORT),
					new LeaderTarget("fd00::3", LeaderTarget.SIDECAR_PORT));
		assertThat(ReadEndpoints.parse(List.of())).isEmpty();
	}

	@Test
	void refusesAnEntryThatIsNotHostPortNamingIt() {
		for (String entry : new String[] { "", "   ", "standby:0", "standby:65536", "standby:port", ":5433",
				"[fd00::2:5433", null }) {
			assertThatIllegalArgumentException().as("%s", entry)
				.isThrownBy(() -> ReadEndpoints.parse(Arrays.asList("standby-1:5433", entry)))
				.withMessage("teesql.read-only.endpoints entry \"" + entry
						+ "\" is not host:port (for example standby-1:5433)");
		}
	}

}
