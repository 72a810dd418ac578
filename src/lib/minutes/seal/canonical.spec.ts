import { describe, expect, it } from 'vitest';
import { canonicalBytes, canonicalJson, CanonicalJsonError, jcs } from './canonical';

function issuesOf(run: () => unknown) {
	try {
		run();
	} catch (error) {
		if (error instanceof CanonicalJsonError) return error.issues;
		throw error;
	}
	throw new Error('expected a CanonicalJsonError');
}

function float64(hex: string): number {
	const view = new DataView(new ArrayBuffer(8));
	view.setBigUint64(0, BigInt(`0x${hex}`));
	return view.getFloat64(0);
}

describe('RFC 8785 examples', () => {
	it('§3.2.2: numbers, literals and string escapes', () => {
		const input = {
			// The RFC writes more digits than a double holds, on purpose: the output is the shortest form.
			// eslint-disable-next-line no-loss-of-precision
			numbers: [333333333.33333329, 1e30, 4.5, 2e-3, 0.000000000000000000000000001],
			string: '\u20ac$\u000F\u000aA\'\u0042\u0022\u005c\\"/',
			literals: [null, true, false]
		};
		expect(jcs(input)).toBe(
			'{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],' +
				'"string":"\u20ac$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}'
		);
	});

	it('§3.2.3: properties sorted by UTF-16 code units', () => {
		const input = {
			'\u20ac': 'Euro Sign',
			'\r': 'Carriage Return',
			'\ufb33': 'Hebrew Letter Dalet With Dagesh',
			'1': 'One',
			'\ud83d\ude00': 'Emoji: Grinning Face',
			'\u0080': 'Control',
			'\u00f6': 'Latin Small Letter O With Diaeresis'
		};
		expect(jcs(input)).toBe(
			'{"\\r":"Carriage Return","1":"One","\u0080":"Control",' +
				'"\u00f6":"Latin Small Letter O With Diaeresis","\u20ac":"Euro Sign",' +
				'"\ud83d\ude00":"Emoji: Grinning Face","\ufb33":"Hebrew Letter Dalet With Dagesh"}'
		);
	});

	it('§3.2.4: UTF-8 bytes, without Unicode normalisation', () => {
		const bytes = new TextEncoder().encode(jcs({ 'Unnormalized Unicode': 'A\u030a' }));
		const expected =
			'7b 22 55 6e 6e 6f 72 6d 61 6c 69 7a 65 64 20 55 6e 69 63 6f 64 65 22 3a 22 41 cc 8a 22 7d';
		expect(Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(' ')).toBe(expected);
	});

	it.each([
		['0000000000000000', '0'],
		['8000000000000000', '0'],
		['0000000000000001', '5e-324'],
		['8000000000000001', '-5e-324'],
		['7fefffffffffffff', '1.7976931348623157e+308'],
		['ffefffffffffffff', '-1.7976931348623157e+308'],
		['4340000000000000', '9007199254740992'],
		['c340000000000000', '-9007199254740992'],
		['4430000000000000', '295147905179352830000'],
		['44b52d02c7e14af5', '9.999999999999997e+22'],
		['44b52d02c7e14af6', '1e+23'],
		['44b52d02c7e14af7', '1.0000000000000001e+23'],
		['444b1ae4d6e2ef4e', '999999999999999700000'],
		['444b1ae4d6e2ef4f', '999999999999999900000'],
		['444b1ae4d6e2ef50', '1e+21'],
		['3eb0c6f7a0b5ed8c', '9.999999999999997e-7'],
		['3eb0c6f7a0b5ed8d', '0.000001'],
		['41b3de4355555553', '333333333.3333332'],
		['41b3de4355555554', '333333333.33333325'],
		['41b3de4355555555', '333333333.3333333'],
		['41b3de4355555556', '333333333.3333334'],
		['41b3de4355555557', '333333333.33333343'],
		['becbf647612f3696', '-0.0000033333333333333333'],
		['43143ff3c1cb0959', '1424953923781206.2']
	])('Appendix B: IEEE 754 %s serialises as %s', (hex, expected) => {
		expect(jcs(float64(hex))).toBe(expected);
	});

	it('Appendix B: NaN and Infinity have no JSON form', () => {
		expect(issuesOf(() => jcs({ a: [float64('7fffffffffffffff')] }))).toEqual([
			{ path: '/a/0', problem: 'not-finite' }
		]);
		expect(issuesOf(() => jcs({ b: float64('7ff0000000000000') }))).toEqual([
			{ path: '/b', problem: 'not-finite' }
		]);
	});

	it('writes 1e-7 in exponent form and the literals as they are', () => {
		expect(jcs([1e-7, -0, 1e21, 1e20, true, null])).toBe(
			'[1e-7,0,1e+21,100000000000000000000,true,null]'
		);
	});
});

describe('seal rules', () => {
	const nfc = 'Biên bản kiểm tra';
	const nfd = nfc.normalize('NFD');

	it('refuses NFD strings and keys, listing every path', () => {
		const issues = issuesOf(() =>
			canonicalJson({ title: nfd, items: [{ note: 'ok' }, { note: nfd }], [nfd]: 1 })
		);
		expect(issues).toEqual([
			{ path: '/title', problem: 'not-nfc' },
			{ path: '/items/1/note', problem: 'not-nfc' },
			{ path: `/${nfd}`, problem: 'key-not-nfc' }
		]);
	});

	it('names the paths in the message and escapes "/" and "~" as JSON Pointer does', () => {
		expect(() => canonicalJson({ 'a/b~c': nfd })).toThrow('"/a~1b~0c" (not-nfc)');
	});

	it('accepts the same text once the builder has normalised it', () => {
		expect(canonicalJson({ title: nfd.normalize('NFC') })).toBe(canonicalJson({ title: nfc }));
		expect(jcs({ title: nfd })).not.toBe(jcs({ title: nfc }));
	});

	it('refuses the RFC sorting example: U+FB33 is not NFC (it decomposes)', () => {
		expect(issuesOf(() => canonicalJson({ '\ufb33': 'Dalet' }))).toEqual([
			{ path: '/\ufb33', problem: 'key-not-nfc' }
		]);
	});

	it('gives the same bytes whatever the key order', () => {
		const a = { b: [1, { y: 'x', x: 'y' }], a: 'Đoàn', c: null };
		const b = { c: null, a: 'Đoàn', b: [1, { x: 'y', y: 'x' }] };
		expect(canonicalBytes(a)).toEqual(canonicalBytes(b));
		expect(canonicalJson(a)).toBe('{"a":"Đoàn","b":[1,{"x":"y","y":"x"}],"c":null}');
	});

	it('leaves out undefined properties but refuses undefined and holes in arrays', () => {
		expect(canonicalJson({ a: 1, b: undefined })).toBe('{"a":1}');
		// eslint-disable-next-line no-sparse-arrays
		expect(issuesOf(() => canonicalJson({ list: [1, undefined, , 4] }))).toEqual([
			{ path: '/list/1', problem: 'undefined-in-array' },
			{ path: '/list/2', problem: 'undefined-in-array' }
		]);
	});

	it('refuses what is not plain JSON instead of converting it', () => {
		class Photo {
			sha256 = 'ab';
		}
		const issues = issuesOf(() =>
			canonicalJson({
				at: new Date(0),
				map: new Map(),
				photo: new Photo(),
				big: 1n,
				fn: () => 1,
				sym: Symbol('s')
			})
		);
		expect(issues.map((issue) => issue.path)).toEqual([
			'/at',
			'/map',
			'/photo',
			'/big',
			'/fn',
			'/sym'
		]);
		expect(new Set(issues.map((issue) => issue.problem))).toEqual(new Set(['unsupported-type']));
		expect(issuesOf(() => canonicalJson(undefined))).toEqual([
			{ path: '', problem: 'unsupported-type' }
		]);
	});

	it('accepts objects without a prototype, as JSON.parse reviver code may make', () => {
		const bare = Object.assign(Object.create(null) as Record<string, unknown>, { z: 1, a: 2 });
		expect(canonicalJson(bare)).toBe('{"a":2,"z":1}');
	});

	it('refuses lone surrogates, circular and absurdly deep values', () => {
		expect(issuesOf(() => canonicalJson({ s: 'a\ud800b', ok: '\ud83d\ude00' }))).toEqual([
			{ path: '/s', problem: 'lone-surrogate' }
		]);
		const loop: Record<string, unknown> = {};
		loop.self = loop;
		expect(issuesOf(() => canonicalJson(loop))).toEqual([{ path: '/self', problem: 'circular' }]);
		let deep: unknown = 1;
		for (let i = 0; i < 100; i++) deep = [deep];
		expect(issuesOf(() => canonicalJson(deep))[0]?.problem).toBe('too-deep');
	});

	it('allows the same object twice when it is not its own ancestor', () => {
		const shared = { sha256: 'ab' };
		expect(canonicalJson({ a: shared, b: shared })).toBe(
			'{"a":{"sha256":"ab"},"b":{"sha256":"ab"}}'
		);
	});
});
