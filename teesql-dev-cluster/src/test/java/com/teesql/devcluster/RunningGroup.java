package com.teesql.devcluster;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One {@link DevClusterGroup} shared by the tests of a class (register it as a static {@code @RegisterExtension}
 * field): started before the first test with the announcements it publishes recorded, reached through a
 * {@link GroupClient}, and closed after the last test.
 */
final class RunningGroup implements BeforeAllCallback, AfterAllCallback {

	/** How long a standby may take to replay what the leader committed. */
	static final Duration REPLICATION_WAIT = Duration.ofSeconds(30);

	private final UnaryOperator<DevClusterGroupOptions> options;

	private final List<LeaderAnnouncement> announcements = new CopyOnWriteArrayList<>();

	private Set<Long> threadsBeforeStart;

	private DevClusterGroup group;

	private GroupClient client;

	/**
	 * A group started with the default options changed by {@code options} (the publisher is always the recorder of
	 * {@link #announcements()}).
	 */
	RunningGroup(UnaryOperator<DevClusterGroupOptions> options) {
		this.options = options;
	}

	@Override
	public void beforeAll(ExtensionContext context) {
		this.threadsBeforeStart = Thread.getAllStackTraces()
			.keySet()
			.stream()
			.map(Thread::getId)
			.collect(Collectors.toSet());
		this.group = DevClusterGroup
			.start(this.options.apply(DevClusterGroupOptions.defaults()).withPublisher(this.announcements::add));
		this.client = new GroupClient(this.group);
	}

	@Override
	public void afterAll(ExtensionContext context) {
		if (this.client != null) {
			this.client.close();
		}
		if (this.group != null) {
			this.group.close();
		}
	}

	DevClusterGroup group() {
		return this.group;
	}

	GroupClient client() {
		return this.client;
	}

	/** Every announcement the group published, in order. */
	List<LeaderAnnouncement> announcements() {
		return this.announcements;
	}

	/** The ids of the threads alive just before the group started. */
	Set<Long> threadsBeforeStart() {
		return this.threadsBeforeStart;
	}

}
