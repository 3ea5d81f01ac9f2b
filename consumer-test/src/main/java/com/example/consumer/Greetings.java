package com.example.consumer;

import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Greetings in a table of the cluster, through Boot's {@link JdbcClient} on the starter's DataSource.
 */
@Repository
public class Greetings {

	private final JdbcClient jdbc;

	public Greetings(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	public void add(String text) {
		this.jdbc.sql("CREATE TABLE IF NOT EXISTS greeting (id serial PRIMARY KEY, text text NOT NULL)").update();
		this.jdbc.sql("INSERT INTO greeting (text) VALUES (?)").param(text).update();
	}

	public List<String> all() {
		return this.jdbc.sql("SELECT text FROM greeting ORDER BY id").query(String.class).list();
	}

}
