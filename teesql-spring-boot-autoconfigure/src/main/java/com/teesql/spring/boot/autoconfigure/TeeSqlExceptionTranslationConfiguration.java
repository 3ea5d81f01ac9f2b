package com.teesql.spring.boot.autoconfigure;

import com.teesql.spring.boot.autoconfigure.routing.TeeSqlExceptionTranslator;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.support.JdbcAccessor;
import org.springframework.jdbc.support.JdbcTransactionManager;

/**
 * Makes Spring's JDBC exception translation report a lost commit as
 * {@link com.teesql.spring.boot.autoconfigure.routing.TransactionOutcomeUnknownDataAccessException}, a non-transient
 * exception, in every {@link JdbcAccessor} bean ({@code JdbcTemplate}, and through it {@code NamedParameterJdbcTemplate}
 * and {@code JdbcClient}) and every {@link JdbcTransactionManager} bean (whose commit failures Spring otherwise
 * translates on its own). The translator each bean already has is kept for every other exception.
 *
 * @author teesql-spring-boot
 */
@Configuration(proxyBeanMethods = false)
class TeeSqlExceptionTranslationConfiguration {

	@Bean
	static BeanPostProcessor teesqlExceptionTranslationPostProcessor() {
		return new BeanPostProcessor() {

			@Override
			public Object postProcessAfterInitialization(Object bean, String beanName) {
				if (bean instanceof JdbcAccessor accessor) {
					accessor.setExceptionTranslator(TeeSqlExceptionTranslator.wrap(accessor.getExceptionTranslator()));
				}
				else if (bean instanceof JdbcTransactionManager manager) {
					manager.setExceptionTranslator(TeeSqlExceptionTranslator.wrap(manager.getExceptionTranslator()));
				}
				return bean;
			}

		};
	}

}
