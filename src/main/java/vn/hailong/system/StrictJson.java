package vn.hailong.system;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Reads a JSON request body strictly, for endpoints whose values are stored. The framework's reader
 * (Jackson's byte parser) decodes an overlong UTF-8 sequence such as {@code C0 BC} as {@code <} and
 * UTF-8-encoded or escaped lone surrogates as characters the database then stores as {@code ?},
 * keeps the last of duplicate keys and ignores whatever follows the first value. Here the bytes
 * must be well-formed UTF-8 (Java's decoder refuses overlong forms and surrogates), every string
 * free of lone surrogates, every key once per object, and nothing but whitespace after the value;
 * else a 422 saying which. Text that is not JSON at all stays a 400, as elsewhere.
 */
@Singleton
public class StrictJson {

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private final JsonMapper mapper;

    StrictJson(JsonMapper mapper) {
        this.mapper = mapper;
    }

    /** The body as a JSON tree, or a {@link Refusal} naming what is wrong with it. */
    public JsonNode read(byte[] body) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            throw Refusal.invalid("request", "json.notUtf8", "is not well-formed UTF-8 (an invalid, overlong or surrogate byte sequence)");
        }
        check(text);
        try {
            return mapper.readValue(text, JsonNode.class);
        } catch (IOException e) {
            throw Refusal.malformed("request", "json.notJson", "is not valid JSON");
        }
    }

    private static void check(String text) {
        try (JsonParser parser = FACTORY.createParser(text)) {
            if (parser.nextToken() == null) {
                throw Refusal.malformed("request", "json.empty", "is empty: a JSON object is expected");
            }
            int depth = 0;
            do {
                JsonToken token = parser.currentToken();
                if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
                    depth++;
                } else if (token == JsonToken.END_OBJECT || token == JsonToken.END_ARRAY) {
                    depth--;
                } else if (token == JsonToken.FIELD_NAME || token == JsonToken.VALUE_STRING) {
                    if (hasLoneSurrogate(parser.getText())) {
                        throw Refusal.invalid("request", "json.loneSurrogate", "holds a lone surrogate (\\ud800–\\udfff without its pair): not a character");
                    }
                }
            } while (depth > 0 && parser.nextToken() != null);
            if (parser.nextToken() != null) {
                throw Refusal.invalid("request", "json.trailing", "has more after the JSON value: send exactly one JSON object");
            }
        } catch (JsonParseException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("Duplicate field")) {
                String name = duplicateName(e.getMessage());
                throw Refusal.invalid("request", "json.duplicateKey", "names the field '" + name + "' twice in one object", name);
            }
            if (e.getLocation() == null) {
                throw Refusal.malformed("request", "json.notJson", "is not valid JSON");
            }
            int line = e.getLocation().getLineNr();
            int column = e.getLocation().getColumnNr();
            throw Refusal.malformed("request", "json.notJsonAt", "is not valid JSON (line " + line + ", column " + column + ")",
                    line, column);
        } catch (StreamConstraintsException e) {
            throw Refusal.malformed("request", "json.tooDeep", "is nested too deeply or holds a value too long");
        } catch (IOException e) {
            throw Refusal.malformed("request", "json.notJson", "is not valid JSON");
        }
    }

    private static String duplicateName(String message) {
        int open = message.indexOf('\'');
        int close = open < 0 ? -1 : message.indexOf('\'', open + 1);
        String name = close < 0 ? "?" : message.substring(open + 1, close);
        return name.length() > 64 ? name.substring(0, 64) + "…" : name;
    }

    static boolean hasLoneSurrogate(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++;
                } else {
                    return true;
                }
            } else if (Character.isLowSurrogate(c)) {
                return true;
            }
        }
        return false;
    }
}
