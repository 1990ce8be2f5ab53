package dev.fluxion.autodiff.tensor.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class StorageTest {
  @Nested
  class Bridge {
    @Test
    void shouldShareTheArrayItWrapsWithoutCopying() {
      double[] data = {1, 2, 3};
      Tensor t = Storage.wrap(Shape.of(3), data);
      assertSame(data, Storage.raw(t));
      assertArrayEquals(new double[] {1, 2, 3}, t.toArray());
    }

    @Test
    void shouldMultiplyAsTheTensorProductDoes() {
      Tensor a = Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3);
      Tensor b = Tensor.of(new double[] {7, 8, 9, 10, 11, 12}, 3, 2);
      double[] c = new double[4];
      Storage.multiply(2, 2, 3, Storage.raw(a), 0, 3, 1, Storage.raw(b), 0, 2, 1, c, 0, false);
      assertArrayEquals(a.matmul(b).toArray(), c);
    }

    @Test
    void shouldRefuseASecondInstall() {
      assertThrows(IllegalStateException.class, () -> Storage.install(null));
    }
  }

  @Nested
  class FirstUse {
    @Test
    void shouldInstallTheHookWhenStorageLoadsBeforeAnyTensor() throws Exception {
      URL classes = Storage.class.getProtectionDomain().getCodeSource().getLocation();
      try (URLClassLoader fresh = new URLClassLoader(new URL[] {classes}, ClassLoader.getPlatformClassLoader())) {
        Class<?> storage = Class.forName(Storage.class.getName(), true, fresh);
        Class<?> tensor = fresh.loadClass(Tensor.class.getName());
        assertFalse(tensor == Tensor.class, "a separate copy of the classes");
        Class<?> shape = fresh.loadClass(Shape.class.getName());
        Object s = shape.getMethod("of", int[].class).invoke(null, (Object) new int[] {2});
        double[] data = {4, 5};
        Method wrap = storage.getMethod("wrap", shape, double[].class);
        Object t = wrap.invoke(null, s, data);
        assertSame(data, storage.getMethod("raw", tensor).invoke(null, t));
      }
    }
  }
}
