package vn.hailong.survey;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.micronaut.serde.annotation.Serdeable;

import java.util.Arrays;
import java.util.Optional;

@Serdeable
public enum QuestionType {
    SCALE("scale"), CHOICE("choice"), MULTI_CHOICE("multi-choice"), TEXT("text");

    private final String word;

    QuestionType(String word) {
        this.word = word;
    }

    @JsonValue
    public String word() {
        return word;
    }

    @JsonCreator
    static QuestionType fromJson(String word) {
        return fromWord(word).orElseThrow(() -> new IllegalArgumentException("unknown question type " + word));
    }

    public static Optional<QuestionType> fromWord(String word) {
        return Arrays.stream(values()).filter(t -> t.word.equals(word)).findFirst();
    }
}
