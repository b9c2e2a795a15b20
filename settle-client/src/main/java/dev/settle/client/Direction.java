package dev.settle.client;

/** The side of a transaction entry. */
public enum Direction {
    DEBIT("debit"),
    CREDIT("credit");

    private final String wireName;

    Direction(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    static Direction fromWire(String wireName) {
        for (Direction direction : values()) {
            if (direction.wireName.equals(wireName)) {
                return direction;
            }
        }
        throw new MalformedAnswerException("direction is not debit or credit: " + wireName);
    }
}
