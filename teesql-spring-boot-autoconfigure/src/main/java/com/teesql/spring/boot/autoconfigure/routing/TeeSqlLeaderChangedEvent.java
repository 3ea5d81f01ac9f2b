package com.teesql.spring.boot.autoconfigure.routing;

import com.teesql.jdbc.manifest.LeaderManifest;

import org.springframework.context.ApplicationEvent;

/**
 * Published when the signed manifest names a new leader (or a new epoch). New connections already go to the new
 * leader when listeners receive it.
 *
 * @author teesql-spring-boot
 */
public class TeeSqlLeaderChangedEvent extends ApplicationEvent {

	private static final long serialVersionUID = 1L;

	private final transient LeaderManifest previous;

	private final transient LeaderManifest current;

	public TeeSqlLeaderChangedEvent(Object source, LeaderManifest previous, LeaderManifest current) {
		super(source);
		this.previous = previous;
		this.current = current;
	}

	/**
	 * The manifest that named the former leader.
	 * @return the previous manifest
	 */
	public LeaderManifest getPrevious() {
		return this.previous;
	}

	/**
	 * The manifest that names the new leader.
	 * @return the current manifest
	 */
	public LeaderManifest getCurrent() {
		return this.current;
	}

}
