// Runtime values on their own: construction, CEL equality across numeric
// kinds, map lookup (linear and hashed), CEL literal and JSON forms.
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>

#include "core/expr/value.hpp"

using namespace journeyctl::core::expr;

namespace {

Value map_of(std::initializer_list<std::pair<Value, Value>> entries) {
    auto map = std::make_shared<MapValue>();
    for (const auto& [k, v] : entries) map->insert(k, v);
    return Value::map(map);
}

}  // namespace

TEST_CASE("value: values report their kind and CEL type name", "[value]") {
    CHECK(Value().is_null());
    CHECK(Value::integer(3).type_name() == "int");
    CHECK(Value::uinteger(3).type_name() == "uint");
    CHECK(Value::real(3).type_name() == "double");
    CHECK(Value::string("a").type_name() == "string");
    CHECK(Value::borrowed_string("a").type_name() == "string");
    CHECK(Value::bytes("a").type_name() == "bytes");
    CHECK(Value::boolean(true).type_name() == "bool");
    CHECK(Value::null().type_name() == "null_type");
    CHECK(Value::list(ListValue{}).type_name() == "list");
    CHECK(map_of({}).type_name() == "map");
    CHECK(Value::timestamp({}).type_name() == "google.protobuf.Timestamp");
    CHECK(Value::duration({}).type_name() == "google.protobuf.Duration");
    CHECK(Value::type("int").type_name() == "type");
    CHECK(Value::type("int").as_string() == "int");
    CHECK(Value::error("boom").is_error());
    CHECK(Value::error("boom").as_string() == "boom");
}

TEST_CASE("value: owned strings survive the original and copies share them", "[value]") {
    Value copy;
    {
        std::string text = "short";
        Value v = Value::string(text);
        text = "changed";
        copy = v;
    }
    CHECK(copy.as_string() == "short");
    Value big = Value::string(std::string(1000, 'x'));
    Value big_copy = big;
    CHECK(big_copy.as_string().data() == big.as_string().data());
}

TEST_CASE("value: equality compares numbers across kinds by exact value", "[value]") {
    CHECK(Value::integer(1) == Value::uinteger(1));
    CHECK(Value::integer(1) == Value::real(1.0));
    CHECK(Value::uinteger(1) == Value::real(1.0));
    CHECK_FALSE(Value::integer(1) == Value::real(1.5));
    CHECK_FALSE(Value::integer(-1) == Value::uinteger(std::numeric_limits<uint64_t>::max()));
    // 2^63 - 1 is not representable as a double: 2^63 - 1 != 2^63.
    CHECK_FALSE(Value::integer(std::numeric_limits<int64_t>::max()) == Value::real(9223372036854775808.0));
    CHECK(Value::uinteger(9223372036854775808ULL) == Value::real(9223372036854775808.0));
    double nan = std::nan("");
    CHECK_FALSE(Value::real(nan) == Value::real(nan));
    CHECK_FALSE(Value::integer(0) == Value::real(nan));
}

TEST_CASE("value: equality of other kinds", "[value]") {
    CHECK(Value::string("a") == Value::borrowed_string("a"));
    CHECK_FALSE(Value::string("a") == Value::bytes("a"));
    CHECK_FALSE(Value::integer(1) == Value::string("1"));
    CHECK_FALSE(Value::integer(0) == Value::boolean(false));
    CHECK(Value::null() == Value::null());
    CHECK(Value::list(ListValue{Value::integer(1), Value::real(2)}) ==
          Value::list(ListValue{Value::uinteger(1), Value::integer(2)}));
    CHECK_FALSE(Value::list(ListValue{Value::integer(1)}) == Value::list(ListValue{}));
    CHECK(map_of({{Value::string("a"), Value::integer(1)}, {Value::string("b"), Value::integer(2)}}) ==
          map_of({{Value::string("b"), Value::real(2)}, {Value::string("a"), Value::integer(1)}}));
    CHECK_FALSE(map_of({{Value::string("a"), Value::integer(1)}}) ==
                map_of({{Value::string("a"), Value::integer(2)}}));
    CHECK(Value::timestamp({10, 5}) == Value::timestamp({10, 5}));
    CHECK_FALSE(Value::timestamp({10, 5}) == Value::duration({10, 5}));
    CHECK(Value::type("int") == Value::type("int"));
    CHECK_FALSE(Value::type("int") == Value::type("uint"));
}

TEST_CASE("value: maps treat numerically equal int and uint keys as one key", "[value]") {
    MapValue map;
    CHECK(map.insert(Value::integer(1), Value::string("one")));
    CHECK_FALSE(map.insert(Value::uinteger(1), Value::string("again")));
    CHECK(map.size() == 1);
    REQUIRE(map.find(Value::uinteger(1)) != nullptr);
    CHECK(map.find(Value::uinteger(1))->as_string() == "one");
    REQUIRE(map.find(Value::real(1.0)) != nullptr);
    CHECK(map.find(Value::real(1.5)) == nullptr);
    CHECK(map.find(Value::string("1")) == nullptr);
    CHECK(map.insert(Value::boolean(true), Value::integer(2)));
    CHECK(map.find(Value::boolean(true))->as_int() == 2);
    CHECK(map.find("x") == nullptr);
}

TEST_CASE("value: big maps find every key through the hash index", "[value]") {
    MapValue map;
    for (int i = 0; i < 5000; ++i) {
        REQUIRE(map.insert(Value::string("key" + std::to_string(i)), Value::integer(i)));
        REQUIRE(map.insert(Value::integer(i), Value::integer(-i)));
    }
    CHECK_FALSE(map.insert(Value::string("key42"), Value::integer(0)));
    CHECK_FALSE(map.insert(Value::uinteger(42), Value::integer(0)));
    CHECK(map.size() == 10000);
    for (int i = 0; i < 5000; ++i) {
        const Value* s = map.find("key" + std::to_string(i));
        REQUIRE(s != nullptr);
        CHECK(s->as_int() == i);
        const Value* n = map.find(Value::uinteger(static_cast<uint64_t>(i)));
        REQUIRE(n != nullptr);
        CHECK(n->as_int() == -i);
    }
    CHECK(map.find("key5000") == nullptr);
    CHECK(map.find(Value::integer(-1)) == nullptr);
    // Insertion order is kept for printing.
    CHECK(map.entries()[0].first.as_string() == "key0");
    CHECK(map.entries()[1].first.as_int() == 0);
}

TEST_CASE("value: values print as CEL literals", "[value]") {
    CHECK(Value::integer(-42).to_cel_literal() == "-42");
    CHECK(Value::uinteger(42).to_cel_literal() == "42u");
    CHECK(Value::real(1).to_cel_literal() == "1.0");
    CHECK(Value::real(1.5).to_cel_literal() == "1.5");
    CHECK(Value::real(-0.25).to_cel_literal() == "-0.25");
    CHECK(Value::real(1e100).to_cel_literal() == "1e+100");
    CHECK(Value::real(1e-7).to_cel_literal() == "1e-07");
    CHECK(Value::real(123456789.0).to_cel_literal() == "123456789.0");
    CHECK(Value::real(0.1).to_cel_literal() == "0.1");
    CHECK(Value::real(std::nan("")).to_cel_literal() == "NaN");
    CHECK(Value::real(std::numeric_limits<double>::infinity()).to_cel_literal() == "+infinity");
    CHECK(Value::real(-std::numeric_limits<double>::infinity()).to_cel_literal() == "-infinity");
    CHECK(Value::string("a\"b\\\n").to_cel_literal() == "\"a\\\"b\\\\\\n\"");
    CHECK(Value::string("héllo").to_cel_literal() == "\"héllo\"");
    CHECK(Value::bytes(std::string("a\xff\0", 3)).to_cel_literal() == "b\"a\\xff\\x00\"");
    CHECK(Value::boolean(true).to_cel_literal() == "true");
    CHECK(Value::null().to_cel_literal() == "null");
    CHECK(Value::list(ListValue{Value::integer(1), Value::string("x")}).to_cel_literal() == "[1, \"x\"]");
    CHECK(map_of({{Value::string("a"), Value::integer(1)}, {Value::integer(2), Value::list(ListValue{})}})
              .to_cel_literal() == "{\"a\": 1, 2: []}");
    CHECK(Value::timestamp({1793491200, 0}).to_cel_literal() == "timestamp(\"2026-11-01T00:00:00Z\")");
    CHECK(Value::duration({3600, 0}).to_cel_literal() == "duration(\"3600s\")");
    CHECK(Value::type("google.protobuf.Timestamp").to_cel_literal() == "google.protobuf.Timestamp");
    CHECK(Value::error("division by zero").to_cel_literal() == "error: division by zero");
}

TEST_CASE("value: values print as JSON", "[value]") {
    CHECK(Value::integer(3).to_json() == "3");
    CHECK(Value::uinteger(3).to_json() == "3");
    CHECK(Value::real(2.5).to_json() == "2.5");
    CHECK(Value::real(std::nan("")).to_json() == "\"NaN\"");
    CHECK(Value::real(-std::numeric_limits<double>::infinity()).to_json() == "\"-Infinity\"");
    CHECK(Value::string("a\"\x01").to_json() == "\"a\\\"\\u0001\"");
    CHECK(Value::bytes("hello").to_json() == "\"aGVsbG8=\"");
    CHECK(Value::null().to_json() == "null");
    CHECK(Value::list(ListValue{Value::boolean(false), Value::null()}).to_json() == "[false,null]");
    CHECK(map_of({{Value::string("a"), Value::integer(1)}, {Value::integer(2), Value::uinteger(3)}}).to_json() ==
          "{\"a\":1,\"2\":3}");
    CHECK(Value::timestamp({1793491200, 500000000}).to_json() == "\"2026-11-01T00:00:00.500Z\"");
    CHECK(Value::duration({90, 0}).to_json() == "\"90s\"");
    CHECK(Value::type("int").to_json() == "\"int\"");
}
