// Whether a text can be sent as a plain SMS: every character in the GSM
// 03.38 default alphabet or its extension table (3GPP TS 23.038, 6.2.1).
// Other texts must be sent as UCS-2 ("unicode" for Vonage), which halves
// the characters a part holds, so providers that do not detect it
// themselves must be told.
#pragma once

#include <string_view>

namespace journeyctl::core::delivery::providers {

// False for a character outside both tables and for invalid UTF-8.
bool fits_gsm7(std::string_view utf8);

}  // namespace journeyctl::core::delivery::providers
