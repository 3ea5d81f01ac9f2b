package com.teesql.spring.boot.autoconfigure.support;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.teesql.spring.boot.autoconfigure.routing.TeeSqlLeaderChangedEvent;

import org.springframework.context.ApplicationListener;

/**
 * Collects the leader-changed events a context publishes.
 */
public class LeaderChangeEvents implements ApplicationListener<TeeSqlLeaderChangedEvent> {

	private final List<TeeSqlLeaderChangedEvent> events = new CopyOnWriteArrayList<>();

	@Override
	public void onApplicationEvent(TeeSqlLeaderChangedEvent event) {
		this.events.add(event);
	}

	public List<TeeSqlLeaderChangedEvent> events() {
		return this.events;
	}

}
