package io.jhyve.config;

/**
 * One virtio-net card on a host tap interface. In JSON an element of {@code "net"}:
 * {@code {"tap": "jhyve0", "mac": "02:6a:68:79:76:00"}}; on the command line {@code --net tap:NAME}.
 *
 * @param tap the tap interface (created if missing; needs CAP_NET_ADMIN unless it is a
 *            persistent tap owned by the user)
 * @param mac the card's address, six bytes
 */
public record NetConfig(String tap, byte[] mac) {
    /** The JSON form before validation. */
    public record Raw(String tap, String mac) { }

    /** A locally administered unicast address ("jhyv" after the 0x02 prefix), the last byte the card's index. */
    public static byte[] defaultMac(int index) {
        return new byte[] {0x02, 0x6a, 0x68, 0x79, 0x76, (byte) index};
    }

    public String macText() {
        StringBuilder sb = new StringBuilder();
        for (byte b : mac) sb.append(sb.length() == 0 ? "" : ":").append(String.format("%02x", b & 0xff));
        return sb.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NetConfig n && n.tap.equals(tap) && java.util.Arrays.equals(n.mac, mac);
    }

    @Override
    public int hashCode() { return tap.hashCode() * 31 + java.util.Arrays.hashCode(mac); }

    @Override
    public String toString() { return "tap " + tap + " mac " + macText(); }
}
