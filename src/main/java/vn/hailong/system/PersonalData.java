package vn.hailong.system;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks the personal data citizens type into free text before anyone but the database reads it
 * (Nghị định 13/2023/NĐ-CP: a comment is not the place for it, and a reviewer does not need it):
 * e-mail addresses become {@code ***@***}; phone numbers (0912 345 678, 0912.345.678,
 * +84 912 345 678, 84912345678, 024 3823 4567) and identity numbers (9-digit CMND, 12-digit
 * CCCD) keep their separators but every digit becomes {@code *}. The stored answer stays as typed.
 *
 * <p>Phone numbers are recognised by their digit count once +84/84 is read as 0: 10 digits for a
 * mobile number (03, 05, 07, 08, 09), 11 for a landline (02x); identity numbers only as 9 or 12
 * digits typed together. So amounts such as "100.000.000 đồng" and dates such as 2026-03-01 stay.
 * Every page, API answer, export and alert that shows a citizen's text passes it through here.
 */
public final class PersonalData {

    private static final Pattern EMAIL = Pattern.compile("[\\p{L}\\p{N}._%+\\-_]+@[\\p{L}\\p{N}-]+(?:\\.[\\p{L}\\p{N}-]+)*\\.\\p{L}{2,}");
    /** Digit groups joined by one space, dot or dash each, optionally after + (a run of what may be one number). */
    private static final Pattern DIGIT_RUN = Pattern.compile("(?<!\\d)\\+?\\d+(?:[ .\\-]\\d+)*(?!\\d)");
    private static final Pattern GROUP = Pattern.compile("\\+?\\d+");

    private PersonalData() {
    }

    public static String mask(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String withoutMail = EMAIL.matcher(text).replaceAll("***@***");
        Matcher run = DIGIT_RUN.matcher(withoutMail);
        StringBuilder out = new StringBuilder(withoutMail.length());
        int last = 0;
        while (run.find()) {
            out.append(withoutMail, last, run.start());
            out.append(maskRun(run.group()));
            last = run.end();
        }
        out.append(withoutMail, last, withoutMail.length());
        return out.toString();
    }

    /** Within one run, from left to right: the shortest groups that make a phone number, else a lone ID number. */
    private static String maskRun(String run) {
        List<int[]> groups = new ArrayList<>();
        Matcher g = GROUP.matcher(run);
        while (g.find()) {
            groups.add(new int[]{g.start(), g.end()});
        }
        char[] chars = run.toCharArray();
        int i = 0;
        while (i < groups.size()) {
            int end = -1;
            StringBuilder digits = new StringBuilder();
            boolean plus = chars[groups.get(i)[0]] == '+';
            for (int j = i; j < groups.size() && digits.length() <= 12; j++) {
                digits.append(run, groups.get(j)[0], groups.get(j)[1]);
                if (j > i && chars[groups.get(j)[0]] == '+') {
                    break;
                }
                if (isPhone(digits.toString().replace("+", ""), plus)) {
                    end = j;
                    break;
                }
            }
            if (end < 0) {
                String alone = run.substring(groups.get(i)[0], groups.get(i)[1]).replace("+", "");
                end = alone.length() == 9 || alone.length() == 12 ? i : -1;
            }
            if (end >= 0) {
                for (int k = groups.get(i)[0]; k < groups.get(end)[1]; k++) {
                    if (Character.isDigit(chars[k])) {
                        chars[k] = '*';
                    }
                }
                i = end + 1;
            } else {
                i++;
            }
        }
        return new String(chars);
    }

    static boolean isPhone(String digits, boolean plus) {
        String national = digits;
        if (digits.startsWith("84") && (plus || digits.length() == 11) && !digits.startsWith("0")) {
            national = "0" + digits.substring(2);
        } else if (plus) {
            return false;
        }
        if (!national.startsWith("0")) {
            return false;
        }
        char second = national.length() > 1 ? national.charAt(1) : ' ';
        return national.length() == 10 && "35789".indexOf(second) >= 0
                || national.length() == 11 && second == '2';
    }
}
