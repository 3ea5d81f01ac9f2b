package com.teesql.spring.boot.autoconfigure.diagnostics;

import com.teesql.spring.boot.autoconfigure.TeeSqlAutoConfiguration;

import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.context.annotation.Configuration;

/**
 * A minimal application that opens no connection while it starts (Hikari connects lazily): a failure of its startup
 * comes from creating the TeeSQL beans themselves, not from a connection attempt.
 */
@Configuration(proxyBeanMethods = false)
@ImportAutoConfiguration({ TeeSqlAutoConfiguration.class, DataSourceAutoConfiguration.class })
class NonConnectingApplication {

}
