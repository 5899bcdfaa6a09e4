package ai.mai.retention.core.contract;

import ai.mai.retention.core.port.out.CleanupLock;
import ai.mai.retention.core.port.out.ExpiredRecordStore;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * For the adapters' benchmarks: wraps out-ports so that the time of each call (and of what it
 * returns: a sweep, a lease) adds up per method, to show where a whole run spends its time.
 */
public final class PortTimings {

  private final Map<String, double[]> spent = new TreeMap<>();

  /** The port, timed under {@code name}. */
  public <T> T timed(Class<T> port, T target, String name) {
    @SuppressWarnings("unchecked")
    T proxy =
        (T)
            Proxy.newProxyInstance(
                port.getClassLoader(),
                new Class<?>[] {port},
                (self, method, args) -> {
                  long t0 = System.nanoTime();
                  Object result;
                  try {
                    result = method.invoke(target, args);
                  } catch (InvocationTargetException e) {
                    throw e.getCause();
                  }
                  double[] total =
                      spent.computeIfAbsent(name + "." + method.getName(), k -> new double[2]);
                  total[0] += (System.nanoTime() - t0) / 1e9;
                  total[1]++;
                  if (result instanceof ExpiredRecordStore.Sweep sweep) {
                    return timed(ExpiredRecordStore.Sweep.class, sweep, "sweep");
                  }
                  if (result instanceof Optional<?> optional
                      && optional.isPresent()
                      && optional.get() instanceof CleanupLock.Lease lease) {
                    return Optional.of(timed(CleanupLock.Lease.class, lease, "lease"));
                  }
                  return result;
                });
    return proxy;
  }

  /** e.g. {@code store.inspect=0.45(1) sweep.deleteNextBatch=2.80(64)}: seconds and calls. */
  public String summary() {
    StringBuilder text = new StringBuilder();
    spent.forEach(
        (call, total) ->
            text.append(
                String.format(Locale.ROOT, " %s=%.2f(%d)", call, total[0], (long) total[1])));
    return text.toString().trim();
  }
}
