package events

import "strings"

// NeutraliseCell makes a cell safe to open in a spreadsheet: a cell whose
// first character after any leading spaces is = + - @ TAB or CR, which
// Excel, LibreOffice and Sheets would read as a formula, gets a ' in front.
// A cell already made safe this way (' then such a character, or several ')
// gets one more ', so ReadNative, which takes one ' away, gives back exactly
// the original text.
//
// A plain negative number (-5, -12.25: a minus, digits, at most one point
// with digits after it) is left as it is: spreadsheets read it as a number
// and run nothing. Every other cell starting with - is prefixed, "-5 killed"
// and "-1+2" included. The empty string stays empty.
func NeutraliseCell(s string) string {
	if risky(strings.TrimLeft(s, "'")) {
		return "'" + s
	}
	return s
}

// unneutralise undoes NeutraliseCell.
func unneutralise(s string) string {
	if strings.HasPrefix(s, "'") && risky(strings.TrimLeft(s, "'")) {
		return s[1:]
	}
	return s
}

func risky(s string) bool {
	t := strings.TrimLeft(s, " ")
	if t == "" {
		return false
	}
	switch t[0] {
	case '=', '+', '@', '\t', '\r':
		return true
	case '-':
		return !plainNegative(t)
	}
	return false
}

func plainNegative(s string) bool {
	s = s[1:]
	intPart, frac, hasPoint := strings.Cut(s, ".")
	if !digits(intPart) {
		return false
	}
	return !hasPoint || digits(frac)
}
