/**
 * What the tests of every module share: a {@link com.teesql.testsupport.SettableClock settable clock}, the
 * {@link com.teesql.testsupport.TestVectors test vectors}, {@link com.teesql.testsupport.CapturedLogs captured logs}
 * and {@link com.teesql.testsupport.Await waiting on a condition} with a deadline instead of a fixed sleep.
 */
package com.teesql.testsupport;
