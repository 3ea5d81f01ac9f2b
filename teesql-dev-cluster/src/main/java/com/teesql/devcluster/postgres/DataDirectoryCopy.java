package com.teesql.devcluster.postgres;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Copies the data directory of a cleanly stopped PostgreSQL server, which is a valid base backup for a streaming
 * standby (the embedded binaries have no {@code pg_basebackup}). Files that belong to the stopped server's run
 * rather than to the cluster are left out, so the copy starts as a server of its own.
 */
final class DataDirectoryCopy {

	/** PID file and options of the last run, and zonky's lock file: all name the source server's process. */
	private static final Set<String> RUN_FILES = Set.of("postmaster.pid", "postmaster.opts", "epg-lock");

	private DataDirectoryCopy() {
	}

	static void copy(Path source, Path target) throws IOException {
		if (Files.exists(source.resolve("postmaster.pid"))) {
			throw new DevPostgresException("Data directory " + source + " belongs to a running server; only a cleanly "
					+ "stopped one is a valid base for a standby");
		}
		createPrivateDirectory(target);
		Files.walkFileTree(source, new SimpleFileVisitor<>() {

			@Override
			public FileVisitResult preVisitDirectory(Path directory, BasicFileAttributes attributes)
					throws IOException {
				if (!directory.equals(source)) {
					Files.copy(directory, target.resolve(source.relativize(directory)),
							StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
				}
				return FileVisitResult.CONTINUE;
			}

			@Override
			public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
				if (!(file.getParent().equals(source) && RUN_FILES.contains(file.getFileName().toString()))) {
					Files.copy(file, target.resolve(source.relativize(file)), StandardCopyOption.COPY_ATTRIBUTES,
							LinkOption.NOFOLLOW_LINKS);
				}
				return FileVisitResult.CONTINUE;
			}

		});
	}

	/** PostgreSQL refuses to start on a data directory that others may read. */
	static void createPrivateDirectory(Path directory) throws IOException {
		Files.createDirectories(directory);
		try {
			Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx------"));
		}
		catch (UnsupportedOperationException ex) {
			// Non-POSIX file systems keep their defaults.
		}
	}

}
