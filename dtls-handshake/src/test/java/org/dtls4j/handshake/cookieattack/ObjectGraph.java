package org.dtls4j.handshake.cookieattack;

import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Counts what an object keeps reachable: objects, and array elements. Our own classes are walked
 * field by field; JDK collections through their public API (so a map that grows is seen growing);
 * other JDK objects (keys, providers, adders) count as one object each, since their fields are
 * closed to reflection. Good enough to show that a structure does not grow, not to size it.
 */
final class ObjectGraph {
    /** What {@link #of(Object)} found. */
    record Size(long objects, long arrayElements) {
    }

    private ObjectGraph() {
    }

    static Size of(Object root) {
        IdentityHashMap<Object, Boolean> seen = new IdentityHashMap<>();
        ArrayDeque<Object> todo = new ArrayDeque<>();
        todo.add(root);
        long objects = 0;
        long elements = 0;
        while (!todo.isEmpty()) {
            Object o = todo.poll();
            if (seen.put(o, Boolean.TRUE) != null) {
                continue;
            }
            objects++;
            Class<?> c = o.getClass();
            if (c.isArray()) {
                int n = Array.getLength(o);
                elements += n;
                if (!c.getComponentType().isPrimitive()) {
                    for (int i = 0; i < n; i++) {
                        push(todo, Array.get(o, i));
                    }
                }
            } else if (o instanceof Map<?, ?> m) {
                elements += m.size();
                m.forEach((k, v) -> {
                    push(todo, k);
                    push(todo, v);
                });
            } else if (o instanceof Collection<?> coll) {
                elements += coll.size();
                coll.forEach(e -> push(todo, e));
            } else if (!isJdk(c)) {
                for (Class<?> k = c; k != null && !isJdk(k); k = k.getSuperclass()) {
                    for (Field f : k.getDeclaredFields()) {
                        if (Modifier.isStatic(f.getModifiers()) || f.getType().isPrimitive()) {
                            continue;
                        }
                        push(todo, read(f, o));
                    }
                }
            }
        }
        return new Size(objects, elements);
    }

    private static void push(ArrayDeque<Object> todo, Object o) {
        if (o != null) {
            todo.add(o);
        }
    }

    private static Object read(Field f, Object o) {
        try {
            f.setAccessible(true);
            return f.get(o);
        } catch (IllegalAccessException e) {
            throw new AssertionError("cannot read " + f, e);
        }
    }

    private static boolean isJdk(Class<?> c) {
        String n = c.getName();
        return n.startsWith("java.") || n.startsWith("javax.") || n.startsWith("jdk.") || n.startsWith("sun.")
                || n.startsWith("com.sun.");
    }
}
