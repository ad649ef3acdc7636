package io.roomrecorder.signaling;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * recorder-core must not see Netty or Jackson: no public class of this module may mention one of
 * their types in a public or protected signature, or extend/implement one.
 */
class PublicApiTest {

  static final String[] FORBIDDEN = {"io.netty.", "com.fasterxml.jackson."};

  @Test
  void noNettyOrJacksonTypeInAnyPublicSignature() throws Exception {
    Path root = Path.of(Password.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    List<String> violations = new ArrayList<>();
    int checked = 0;
    try (Stream<Path> files = Files.walk(root)) {
      for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".class"))::iterator) {
        String name = root.relativize(f).toString().replace('/', '.').replace(".class", "");
        if (name.endsWith("package-info")) {
          continue;
        }
        Class<?> c = Class.forName(name, false, getClass().getClassLoader());
        if (!visible(c)) {
          continue;
        }
        checked++;
        check(c.getGenericSuperclass(), c + " extends", violations);
        for (Type t : c.getGenericInterfaces()) {
          check(t, c + " implements", violations);
        }
        for (Field fld : c.getDeclaredFields()) {
          if (exposed(fld.getModifiers())) {
            check(fld.getGenericType(), c.getName() + "." + fld.getName(), violations);
          }
        }
        List<Executable> members = new ArrayList<>(List.of(c.getDeclaredMethods()));
        members.addAll(List.of(c.getDeclaredConstructors()));
        for (Executable m : members) {
          if (!exposed(m.getModifiers()) || m.isSynthetic()) {
            continue;
          }
          String where = c.getName() + "#" + m.getName();
          for (Type p : m.getGenericParameterTypes()) {
            check(p, where, violations);
          }
          for (Type e : m.getGenericExceptionTypes()) {
            check(e, where, violations);
          }
          if (m instanceof Method method) {
            check(method.getGenericReturnType(), where, violations);
          }
        }
      }
    }
    assertThat(checked).as("public classes checked").isGreaterThan(15);
    assertThat(violations).isEmpty();
  }

  private static boolean visible(Class<?> c) {
    for (Class<?> k = c; k != null; k = k.getEnclosingClass()) {
      if (!Modifier.isPublic(k.getModifiers()) || k.isAnonymousClass()) {
        return false;
      }
    }
    return true;
  }

  private static boolean exposed(int modifiers) {
    return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers);
  }

  private static void check(Type t, String where, List<String> violations) {
    if (t == null) {
      return;
    }
    if (t instanceof Class<?> c) {
      while (c.isArray()) {
        c = c.getComponentType();
      }
      for (String f : FORBIDDEN) {
        if (c.getName().startsWith(f)) {
          violations.add(where + " exposes " + c.getName());
        }
      }
    } else if (t instanceof ParameterizedType p) {
      check(p.getRawType(), where, violations);
      for (Type a : p.getActualTypeArguments()) {
        check(a, where, violations);
      }
    } else if (t instanceof WildcardType w) {
      for (Type b : w.getUpperBounds()) {
        check(b, where, violations);
      }
      for (Type b : w.getLowerBounds()) {
        check(b, where, violations);
      }
    }
  }
}
