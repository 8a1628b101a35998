package vn.hailong.response;

import java.util.Arrays;
import java.util.Optional;

/** How a response reached us; decides who may submit it (api.md "Responses"). */
public enum Channel {
    WEB, PHONE, KIOSK, PAPER, PORTAL;

    public String word() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static Optional<Channel> fromWord(String word) {
        return Arrays.stream(values()).filter(c -> c.word().equals(word)).findFirst();
    }
}
