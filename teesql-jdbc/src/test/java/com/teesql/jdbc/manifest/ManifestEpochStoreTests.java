package com.teesql.jdbc.manifest;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The persisted epoch high-water mark: a restart does not accept a former leader's still-valid manifest again, a
 * damaged file is an error naming its path and never a silent reset, and updates replace the file atomically.
 */
class ManifestEpochStoreTests {

	private static final long VALID_UNTIL = 4_102_444_800L;

	private static final long NOW = 1_800_000_000L;

	private static final String OTHER_CLUSTER = "0x" + "56".repeat(20);

	@TempDir
	Path directory;

	@Test
	void restartRefusesAnOlderStillValidManifest() throws Exception {
		Path file = this.directory.resolve("epochs");
		String former = FixtureSigner.txt(41, FixtureSigner.URL, VALID_UNTIL);
		String current = FixtureSigner.txt(42, FixtureSigner.URL, VALID_UNTIL);
		ManifestVerifier beforeRestart = verifier(new ManifestEpochGuard(0, ManifestEpochStore.open(file)));
		beforeRestart.verify(former);
		beforeRestart.verify(current);
		// A new process: new guard, new store, same file.
		ManifestVerifier afterRestart = verifier(new ManifestEpochGuard(0, ManifestEpochStore.open(file)));
		assertThat(afterRestart.epochGuard().highestEpoch(FixtureSigner.CLUSTER)).hasValue(42);
		assertThatExceptionOfType(ManifestRollbackException.class).isThrownBy(() -> afterRestart.verify(former))
			.withMessage("manifest rolled back: epoch 41 is older than epoch 42 already accepted for cluster "
					+ FixtureSigner.CLUSTER);
		assertThat(afterRestart.verify(current).epoch()).isEqualTo(42);
		// Without the store, the same restart accepts the former leader again: what the store is for.
		assertThat(verifier(new ManifestEpochGuard()).verify(former).epoch()).isEqualTo(41);
	}

	@Test
	void fileRecordsTheHighestEpochPerClusterInTheDocumentedFormat() throws Exception {
		Path file = this.directory.resolve("epochs");
		ManifestEpochStore store = ManifestEpochStore.open(file);
		assertThat(store.load()).isEmpty();
		assertThat(file).doesNotExist();
		store.record(FixtureSigner.CLUSTER, 42);
		store.record(OTHER_CLUSTER.toUpperCase().replace("0X", "0x"), 7);
		store.record(FixtureSigner.CLUSTER, 40);
		// Sorted by cluster address, so that the same marks always give the same file.
		assertThat(Files.readString(file)).isEqualTo(ManifestEpochStore.HEADER + "\n" + OTHER_CLUSTER + "=7\n"
				+ FixtureSigner.CLUSTER + "=42\n" + ManifestEpochStore.TRAILER + "\n");
		assertThat(ManifestEpochStore.open(file).load()).containsExactlyInAnyOrderEntriesOf(
				Map.of(FixtureSigner.CLUSTER, 42L, OTHER_CLUSTER, 7L));
	}

	@Test
	void sharedFileNeverLowersAnotherWritersMark() throws Exception {
		Path file = this.directory.resolve("epochs");
		ManifestEpochStore first = ManifestEpochStore.open(file);
		ManifestEpochStore second = ManifestEpochStore.open(file);
		first.record(FixtureSigner.CLUSTER, 9);
		second.record(OTHER_CLUSTER, 3);
		second.record(FixtureSigner.CLUSTER, 5);
		assertThat(ManifestEpochStore.open(file).load()).containsExactlyInAnyOrderEntriesOf(
				Map.of(FixtureSigner.CLUSTER, 9L, OTHER_CLUSTER, 3L));
	}

	@Test
	void corruptFileRefusesToOpenNamingThePath() throws Exception {
		String entry = FixtureSigner.CLUSTER + "=42\n";
		Map<String, String> corruptions = Map.of("", "it is empty", ManifestEpochStore.HEADER + "\n" + entry,
				"the last line is not '# end' (truncated?)",
				ManifestEpochStore.HEADER + "\n" + FixtureSigner.CLUSTER + "=4",
				"it does not end with a line break (truncated?)", entry + ManifestEpochStore.TRAILER + "\n",
				"the first line is not '" + ManifestEpochStore.HEADER + "'",
				ManifestEpochStore.HEADER + "\n" + FixtureSigner.CLUSTER + "=-1\n" + ManifestEpochStore.TRAILER + "\n",
				"line 2 is not '0x<40 lowercase hex>=<epoch>'",
				ManifestEpochStore.HEADER + "\n" + entry + entry + ManifestEpochStore.TRAILER + "\n",
				"cluster " + FixtureSigner.CLUSTER + " appears twice",
				ManifestEpochStore.HEADER + "\n" + FixtureSigner.CLUSTER + "=99999999999999999999\n"
						+ ManifestEpochStore.TRAILER + "\n",
				"line 2 is not", ManifestEpochStore.HEADER + "\n" + FixtureSigner.CLUSTER + "=9223372036854775808\n"
						+ ManifestEpochStore.TRAILER + "\n",
				"line 2 has an epoch out of range");
		for (Map.Entry<String, String> corruption : corruptions.entrySet()) {
			Path file = Files.writeString(this.directory.resolve("epochs"), corruption.getKey());
			assertThatExceptionOfType(ManifestEpochStoreException.class).as(corruption.getKey())
				.isThrownBy(() -> ManifestEpochStore.open(file))
				.withMessageStartingWith("manifest epoch store " + file.toAbsolutePath() + " is corrupt: ")
				.withMessageContaining(corruption.getValue())
				.withMessageEndingWith("it is never reset silently");
			// Left as it was, for the operator to inspect.
			assertThat(Files.readString(file)).isEqualTo(corruption.getKey());
		}
		Path binary = Files.write(this.directory.resolve("binary"), new byte[] { (byte) 0xff, (byte) 0xfe, '\n' });
		assertThatExceptionOfType(ManifestEpochStoreException.class).isThrownBy(() -> ManifestEpochStore.open(binary))
			.withMessageContaining("is corrupt: it is not UTF-8 text");
	}

	@Test
	void unreadableFileOrMissingDirectoryRefusesToOpenNamingThePath() throws Exception {
		Path notAFile = Files.createDirectory(this.directory.resolve("epochs"));
		assertThatExceptionOfType(ManifestEpochStoreException.class).isThrownBy(() -> ManifestEpochStore.open(notAFile))
			.withMessageStartingWith("manifest epoch store " + notAFile.toAbsolutePath() + " cannot be read: ");
		Path nowhere = this.directory.resolve("missing").resolve("epochs");
		assertThatExceptionOfType(ManifestEpochStoreException.class).isThrownBy(() -> ManifestEpochStore.open(nowhere))
			.withMessage("manifest epoch store " + nowhere.toAbsolutePath() + ": directory "
					+ nowhere.getParent().toAbsolutePath() + " does not exist");
	}

	@Test
	void guardRefusesAnEpochItCannotPersistAndKeepsItsMark() throws Exception {
		Path file = this.directory.resolve("epochs");
		ManifestEpochGuard guard = new ManifestEpochGuard(0, ManifestEpochStore.open(file));
		guard.admit(FixtureSigner.CLUSTER, 5);
		Files.delete(file);
		Files.createDirectory(file);
		assertThatExceptionOfType(ManifestEpochStoreException.class)
			.isThrownBy(() -> guard.admit(FixtureSigner.CLUSTER, 6))
			.withMessageContaining(file.toAbsolutePath().toString());
		assertThat(guard.highestEpoch(FixtureSigner.CLUSTER)).hasValue(5);
		// Re-publishing the accepted epoch writes nothing, so it is still accepted.
		guard.admit(FixtureSigner.CLUSTER, 5);
	}

	@Test
	void updateReplacesTheFileInsteadOfRewritingIt() throws Exception {
		Path file = this.directory.resolve("epochs");
		ManifestEpochStore store = ManifestEpochStore.open(file);
		store.record(FixtureSigner.CLUSTER, 1);
		String before = Files.readString(file);
		try (InputStream opened = Files.newInputStream(file)) {
			store.record(FixtureSigner.CLUSTER, 2);
			// A reader of the old file still reads all of it: the new content went to another file, moved over.
			assertThat(new String(opened.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(before);
		}
		assertThat(Files.readString(file)).contains(FixtureSigner.CLUSTER + "=2\n");
		try (Stream<Path> files = Files.list(this.directory)) {
			assertThat(files.map((path) -> path.getFileName().toString()))
				.containsExactlyInAnyOrder("epochs", "epochs.lock");
		}
	}

	@Test
	void readersNeverSeeAPartialFileWhileItIsUpdated() throws Exception {
		Path file = this.directory.resolve("epochs");
		ManifestEpochStore writer = ManifestEpochStore.open(file);
		writer.record(FixtureSigner.CLUSTER, 0);
		int updates = 300;
		AtomicBoolean done = new AtomicBoolean();
		AtomicReference<Throwable> readerFailure = new AtomicReference<>();
		CountDownLatch readersStarted = new CountDownLatch(2);
		List<Thread> readers = new ArrayList<>();
		for (int i = 0; i < 2; i++) {
			Thread reader = new Thread(() -> {
				readersStarted.countDown();
				long last = 0;
				try {
					while (!done.get()) {
						// What a restarting process does: open the file anew and read it whole.
						long epoch = ManifestEpochStore.open(file).load().get(FixtureSigner.CLUSTER);
						assertThat(epoch).isGreaterThanOrEqualTo(last);
						last = epoch;
					}
				}
				catch (Throwable ex) {
					readerFailure.compareAndSet(null, ex);
				}
			});
			reader.start();
			readers.add(reader);
		}
		readersStarted.await();
		for (long epoch = 1; epoch <= updates; epoch++) {
			writer.record(FixtureSigner.CLUSTER, epoch);
		}
		done.set(true);
		for (Thread reader : readers) {
			reader.join();
		}
		assertThat(readerFailure.get()).isNull();
		assertThat(ManifestEpochStore.open(file).load()).containsEntry(FixtureSigner.CLUSTER, (long) updates);
	}

	private static ManifestVerifier verifier(ManifestEpochGuard guard) {
		return ManifestVerifier.builder(FixtureSigner.ADDRESS).clock(FixtureSigner.at(NOW)).epochGuard(guard).build();
	}

}
