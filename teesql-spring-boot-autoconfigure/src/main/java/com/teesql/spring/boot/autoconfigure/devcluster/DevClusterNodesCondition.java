package com.teesql.spring.boot.autoconfigure.devcluster;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches on the size of the dev cluster ({@code teesql.dev-cluster.nodes}): one node is a single {@code DevCluster},
 * more a replicated group published through a signed DNS manifest.
 *
 * @author teesql-spring-boot
 */
abstract class DevClusterNodesCondition extends SpringBootCondition {

	private final boolean replicated;

	DevClusterNodesCondition(boolean replicated) {
		this.replicated = replicated;
	}

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		int nodes = Binder.get(context.getEnvironment())
			.bind(TeeSqlDevClusterProperties.NODES_PROPERTY, Integer.class)
			.orElse(1);
		String message = "teesql.dev-cluster.nodes=" + nodes;
		return (nodes > 1) == this.replicated ? ConditionOutcome.match(message) : ConditionOutcome.noMatch(message);
	}

	static final class Single extends DevClusterNodesCondition {

		Single() {
			super(false);
		}

	}

	static final class Replicated extends DevClusterNodesCondition {

		Replicated() {
			super(true);
		}

	}

}
