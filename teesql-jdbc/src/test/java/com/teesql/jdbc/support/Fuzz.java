package com.teesql.jdbc.support;

import java.lang.management.ManagementFactory;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.fail;

/**
 * A small, dependency-free property-based fuzzing harness for the parsers (plain JUnit, seeded
 * {@link java.util.Random}, no shrinking).
 * <p>
 * Each case gets its own {@code Random} derived from the run seed and the case number, so a failure is reproduced
 * by its seed alone. The call under test runs on one worker thread per run, with a per-case time limit (a hang
 * fails the case and the worker is interrupted) and a per-case allocation budget measured with the worker's
 * allocated-bytes counter, so a lying length field that makes a parser allocate a huge array fails even when the
 * heap happens to be large enough. The outcome must be a return or one of the exception types the target declares;
 * any other throwable (NPE, index or arithmetic exceptions, {@link OutOfMemoryError}, ...) fails the case.
 * <p>
 * System properties:
 * <ul>
 * <li>{@code teesql.fuzz.tries}: cases per fuzz test for the cheap parsers (default {@value #DEFAULT_TRIES}, which
 * keeps the whole fuzz suite at about 10<sup>4</sup> cases; use e.g. {@code -Dteesql.fuzz.tries=10000} for a long
 * local run of about 10<sup>5</sup>). Expensive targets (full DCAP verification, certificate building) run a fixed
 * fraction of it.</li>
 * <li>{@code teesql.fuzz.seed}: the run seed, a number or {@code random}. The build sets a fixed seed (root
 * {@code pom.xml}), so that every CI run tries the same cases and a change can only land red because of itself; the
 * {@code fuzz-long} profile ({@code ./mvnw -Pfuzz-long ...}) draws a random one. Outside the build (an IDE that does
 * not pass the pom's properties) it is random. The seed is logged at INFO and printed in every failure, which is
 * reproduced with {@code -Dteesql.fuzz.seed=<that seed>}.</li>
 * </ul>
 */
public final class Fuzz {

	/** CI default for {@code teesql.fuzz.tries}. */
	public static final int DEFAULT_TRIES = 1000;

	/**
	 * Default per-case allocation budget. Generous, because it counts every allocation of the case (including class
	 * loading on first use), yet far below what a length field of 2<sup>24</sup> or more would make a parser allocate.
	 */
	public static final long DEFAULT_ALLOCATION_BUDGET = 32L * 1024 * 1024;

	private static final Logger logger = LoggerFactory.getLogger(Fuzz.class);

	/** The system property holding the run seed. */
	public static final String SEED_PROPERTY = "teesql.fuzz.seed";

	private static final long SEED = initialSeed();

	private static final com.sun.management.ThreadMXBean THREADS = (com.sun.management.ThreadMXBean) ManagementFactory
		.getThreadMXBean();

	private Fuzz() {
	}

	/**
	 * The run seed.
	 * @return the seed every case of this run derives its input from
	 */
	public static long seed() {
		return SEED;
	}

	/**
	 * Read a seed setting: a decimal number (as printed by an earlier run), or {@code random} (or nothing) for a
	 * freshly drawn one. Anything else fails the run instead of silently fuzzing with another seed.
	 * @param setting the value of {@value #SEED_PROPERTY}, or {@code null}
	 * @return the seed
	 */
	static long seed(String setting) {
		if (isRandom(setting)) {
			return new SecureRandom().nextLong();
		}
		try {
			return Long.parseLong(setting.strip());
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException(SEED_PROPERTY + " must be a decimal seed (as printed by an earlier run) "
					+ "or 'random', was '" + setting + "'", ex);
		}
	}

	private static boolean isRandom(String setting) {
		return setting == null || setting.isBlank() || setting.strip().equalsIgnoreCase("random");
	}

	private static long initialSeed() {
		String setting = System.getProperty(SEED_PROPERTY);
		long seed = seed(setting);
		if (isRandom(setting)) {
			logger.info("fuzz seed {} drawn at random ({}={}); reproduce a failure with -D{}={}", seed, SEED_PROPERTY,
					(setting != null) ? setting : "(not set)", SEED_PROPERTY, seed);
		}
		else {
			logger.info("fuzz seed {} (fixed by {}; -D{}=random draws one)", seed, SEED_PROPERTY, SEED_PROPERTY);
		}
		return seed;
	}

	/**
	 * Number of cases for a fuzz test.
	 * @param fraction share of {@code teesql.fuzz.tries} (1 for cheap parsers, less for expensive targets)
	 * @return at least 10
	 */
	public static int tries(double fraction) {
		int configured = Integer.getInteger("teesql.fuzz.tries", DEFAULT_TRIES);
		return Math.max(10, (int) Math.round(configured * fraction));
	}

	/**
	 * Start describing a fuzz run.
	 * @param name the target name for messages
	 * @param <T> the input type
	 * @return the builder
	 */
	public static <T> Run<T> target(String name) {
		return new Run<>(name);
	}

	/**
	 * Generates one input from the case's random source.
	 * @param <T> the input type
	 */
	@FunctionalInterface
	public interface Generator<T> {

		T generate(Random random) throws Exception;

	}

	/**
	 * The call under test; on success it may check invariants of the result and throw {@link AssertionError}.
	 * @param <T> the input type
	 */
	@FunctionalInterface
	public interface Call<T> {

		void accept(T input) throws Throwable;

	}

	/**
	 * One fuzz run: a target, its accepted exception types, limits and inputs.
	 * @param <T> the input type
	 */
	public static final class Run<T> {

		private final String name;

		private List<Class<? extends Throwable>> accepted = List.of();

		private Duration timeout = Duration.ofSeconds(5);

		private long allocationBudget = DEFAULT_ALLOCATION_BUDGET;

		private Function<T, String> describe = String::valueOf;

		private Run(String name) {
			this.name = name;
		}

		@SafeVarargs
		public final Run<T> accepting(Class<? extends Throwable>... types) {
			this.accepted = Arrays.asList(types);
			return this;
		}

		public Run<T> timeout(Duration timeout) {
			this.timeout = timeout;
			return this;
		}

		/**
		 * Maximum bytes one case may allocate on the worker thread (all allocations, not live size).
		 * @param bytes the budget
		 * @return this run
		 */
		public Run<T> allocationBudget(long bytes) {
			this.allocationBudget = bytes;
			return this;
		}

		public Run<T> describedBy(Function<T, String> describe) {
			this.describe = describe;
			return this;
		}

		/**
		 * Run {@code cases} generated inputs through {@code call}.
		 * @param cases number of cases
		 * @param generator the input generator
		 * @param call the call under test
		 * @return counts of the outcomes
		 */
		public Outcomes run(int cases, Generator<T> generator, Call<T> call) throws Exception {
			ExecutorService worker = Executors.newSingleThreadExecutor((runnable) -> {
				Thread thread = new Thread(runnable, "fuzz-" + this.name);
				thread.setDaemon(true);
				return thread;
			});
			Outcomes outcomes = new Outcomes();
			try {
				for (int i = 0; i < cases; i++) {
					long caseSeed = SEED ^ (0x9E3779B97F4A7C15L * (i + 1));
					T input = generator.generate(new Random(caseSeed));
					runCase(worker, i, input, call, outcomes);
				}
			}
			finally {
				worker.shutdownNow();
			}
			logger.info("fuzz {}: {} cases (seed {}): {} accepted, {} refused, max {} KiB allocated per case", this.name,
					cases, SEED, outcomes.accepted, outcomes.refused, outcomes.maxAllocated / 1024);
			return outcomes;
		}

		private void runCase(ExecutorService worker, int index, T input, Call<T> call, Outcomes outcomes)
				throws InterruptedException {
			Future<CaseResult> future = worker.submit(() -> {
				long before = THREADS.getCurrentThreadAllocatedBytes();
				Throwable thrown = null;
				try {
					call.accept(input);
				}
				catch (Throwable ex) {
					thrown = ex;
				}
				return new CaseResult(thrown, THREADS.getCurrentThreadAllocatedBytes() - before);
			});
			CaseResult result;
			try {
				result = future.get(this.timeout.toMillis(), TimeUnit.MILLISECONDS);
			}
			catch (TimeoutException ex) {
				future.cancel(true);
				throw failure(index, input, "did not finish within " + this.timeout + " (hang?)", null);
			}
			catch (ExecutionException ex) {
				throw failure(index, input, "harness error", ex.getCause());
			}
			outcomes.maxAllocated = Math.max(outcomes.maxAllocated, result.allocated);
			if (result.allocated > this.allocationBudget) {
				throw failure(index, input, "allocated " + result.allocated + " bytes, more than the budget of "
						+ this.allocationBudget, result.thrown);
			}
			if (result.thrown == null) {
				outcomes.accepted++;
				return;
			}
			if (result.thrown instanceof AssertionError assertion) {
				throw failure(index, input, "an invariant of the accepted result does not hold", assertion);
			}
			if (this.accepted.stream().noneMatch((type) -> type.isInstance(result.thrown))) {
				throw failure(index, input, "threw " + result.thrown.getClass().getName() + ", not one of "
						+ this.accepted.stream().map(Class::getSimpleName).toList(), result.thrown);
			}
			outcomes.refused++;
		}

		private AssertionError failure(int index, T input, String problem, Throwable cause) {
			String description;
			try {
				description = this.describe.apply(input);
			}
			catch (RuntimeException ex) {
				description = "(input cannot be described: " + ex + ")";
			}
			return new AssertionError("fuzz " + this.name + " case " + index + " (-Dteesql.fuzz.seed=" + SEED + "): "
					+ problem + "\ninput: " + description, cause);
		}

	}

	private record CaseResult(Throwable thrown, long allocated) {
	}

	/**
	 * How the cases of a run ended.
	 */
	public static final class Outcomes {

		private int accepted;

		private int refused;

		private long maxAllocated;

		/** @return cases that returned normally */
		public int accepted() {
			return this.accepted;
		}

		/** @return cases that threw an accepted exception */
		public int refused() {
			return this.refused;
		}

	}

}
