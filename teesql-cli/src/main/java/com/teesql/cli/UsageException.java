package com.teesql.cli;

/**
 * The command line itself is wrong (exit status 2).
 */
final class UsageException extends Exception {

	UsageException(String message) {
		super(message);
	}

}
