package dev.sio.socketio.server;

import jakarta.json.JsonArray;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class PayloadTest {

    private final PayloadMapper mapper = SioHarness.MAPPER;

    public record Point(int x, int y) {
    }

    public static class Person {
        public String name;
        public int age;
    }

    private Payload payload(String json, byte[]... attachments) {
        JsonArray args = SioHarness.json(json).asJsonArray();
        return new Payload(args, List.of(attachments), mapper);
    }

    @Test
    void arguments_are_read_as_the_types_asked_for() {
        Payload p = payload("[\"s\",3,true,{\"name\":\"ann\",\"age\":7},[1,2],null]");

        assertEquals(6, p.size());
        assertEquals("s", p.get(0, String.class));
        assertEquals(3, p.get(1, int.class));
        assertEquals(3L, p.get(1, Long.class));
        assertEquals(true, p.get(2, boolean.class));
        Person person = p.get(3, Person.class);
        assertEquals("ann", person.name);
        assertEquals(7, person.age);
        assertEquals(List.of(1, 2), p.get(4, new ArrayList<Integer>() { }.getClass().getGenericSuperclass()));
        assertNull(p.get(5, String.class));
        assertNull(p.get(5, Person.class));
    }

    @Test
    void a_missing_or_ill_fitting_argument_is_an_illegal_argument() {
        Payload p = payload("[\"s\"]");

        assertThrows(IllegalArgumentException.class, () -> p.get(1, String.class));
        assertThrows(IllegalArgumentException.class, () -> p.get(0, int.class));
        assertThrows(IllegalArgumentException.class, () -> p.get(0, byte[].class));
    }

    @Test
    void object_arguments_read_as_plain_java() {
        Payload p = payload("[{\"a\":[1,\"x\",false,null]}]");

        Object natural = p.get(0, Object.class);

        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("a", java.util.Arrays.asList(new BigDecimal(1), "x", false, null));
        assertEquals(expected, natural);
    }

    @Test
    void values_hand_back_json_as_received_and_bytes_where_placeholders_stood() {
        byte[] bytes = {1, 2};
        Payload p = payload("[{\"n\":1},{\"_placeholder\":true,\"num\":0}]", bytes);

        Object[] values = p.values();

        assertTrue(values[0] instanceof JsonValue);
        assertEquals(SioHarness.json("{\"n\":1}"), values[0]);
        assertSame(bytes, values[1]);
    }

    @Test
    void the_mapper_writes_records_and_beans_through_json_b_and_whole_doubles_as_integers() {
        PayloadMapper.Mapped mapped = mapper.toArray("e", new Object[] {new Point(1, 2), 2.0, Double.NaN, 'c'});

        assertEquals(SioHarness.json("[\"e\",{\"x\":1,\"y\":2},2,null,\"c\"]"), mapped.array());
        assertTrue(mapped.attachments().isEmpty());
    }

    @Test
    void the_mapper_replaces_binaries_by_numbered_placeholders() {
        byte[] a = {1};
        byte[] b = {2};
        PayloadMapper.Mapped mapped = mapper.toArray(null, new Object[] {a, List.of(b)});

        assertEquals(SioHarness.json("[{\"_placeholder\":true,\"num\":0},[{\"_placeholder\":true,\"num\":1}]]"), mapped.array());
        assertEquals(2, mapped.attachments().size());
        assertSame(a, mapped.attachments().get(0));
        assertArrayEquals(b, mapped.attachments().get(1));
    }
}
