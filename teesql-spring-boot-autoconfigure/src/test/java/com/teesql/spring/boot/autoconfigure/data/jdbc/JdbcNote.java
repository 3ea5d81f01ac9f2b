package com.teesql.spring.boot.autoconfigure.data.jdbc;

import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Table;

@Table("jdbc_note")
public record JdbcNote(@Id Long id, String body) {

}
