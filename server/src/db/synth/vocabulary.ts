/** Words the synthetic dataset is made of: real ISO codes and currencies, plausible program topics. */

/** The bundled 21 economies and more of Asia and the Pacific, with ISO 3166-1 alpha-2 and alpha-3 codes. */
export const COUNTRIES: ReadonlyArray<{ code: string; alpha3: string; name: string }> = [
  ['BD', 'BGD', 'Bangladesh'], ['KH', 'KHM', 'Cambodia'], ['TW', 'TWN', 'Republic of China'], ['FJ', 'FJI', 'Fiji'], ['HK', 'HKG', 'Hong Kong'],
  ['IN', 'IND', 'India'], ['ID', 'IDN', 'Indonesia'], ['IR', 'IRN', 'Iran'], ['JP', 'JPN', 'Japan'], ['KR', 'KOR', 'Republic of Korea'],
  ['LA', 'LAO', 'Lao PDR'], ['MY', 'MYS', 'Malaysia'], ['MN', 'MNG', 'Mongolia'], ['NP', 'NPL', 'Nepal'], ['PK', 'PAK', 'Pakistan'],
  ['PH', 'PHL', 'Philippines'], ['SG', 'SGP', 'Singapore'], ['LK', 'LKA', 'Sri Lanka'], ['TH', 'THA', 'Thailand'], ['TR', 'TUR', 'Türkiye'],
  ['VN', 'VNM', 'Viet Nam'], ['AU', 'AUS', 'Australia'], ['NZ', 'NZL', 'New Zealand'], ['BT', 'BTN', 'Bhutan'], ['MV', 'MDV', 'Maldives'],
  ['MM', 'MMR', 'Myanmar'], ['BN', 'BRN', 'Brunei Darussalam'], ['TL', 'TLS', 'Timor-Leste'], ['PG', 'PNG', 'Papua New Guinea'], ['WS', 'WSM', 'Samoa'],
  ['TO', 'TON', 'Tonga'], ['VU', 'VUT', 'Vanuatu'], ['SB', 'SLB', 'Solomon Islands'], ['KZ', 'KAZ', 'Kazakhstan'], ['UZ', 'UZB', 'Uzbekistan'],
  ['KG', 'KGZ', 'Kyrgyzstan'], ['TJ', 'TJK', 'Tajikistan'], ['AF', 'AFG', 'Afghanistan'], ['AE', 'ARE', 'United Arab Emirates'], ['SA', 'SAU', 'Saudi Arabia'],
  ['US', 'USA', 'United States'], ['DE', 'DEU', 'Germany'], ['FR', 'FRA', 'France'], ['GB', 'GBR', 'United Kingdom'], ['CA', 'CAN', 'Canada'],
].map(([code, alpha3, name]) => ({ code, alpha3, name }));

/** ISO 4217 currencies grants are given in, with their minor digits. */
export const CURRENCIES: ReadonlyArray<{ code: string; minorDigits: number }> = [
  { code: 'USD', minorDigits: 2 }, { code: 'JPY', minorDigits: 0 }, { code: 'EUR', minorDigits: 2 }, { code: 'KRW', minorDigits: 0 },
  { code: 'TWD', minorDigits: 2 }, { code: 'SGD', minorDigits: 2 }, { code: 'AUD', minorDigits: 2 },
];

export const THEMES = ['Green Productivity', 'Digital Transformation', 'Agriculture', 'Public Sector', 'SMEs', 'Industry 4.0', 'Healthcare', 'Tourism'];

export const TOPICS = [
  'Capacity building', 'Productivity measurement', 'Lean management', 'Smart manufacturing', 'Circular economy', 'Food value chains',
  'E-government', 'Innovation policy', 'Skills development', 'Energy efficiency', 'Quality management', 'Digital payments',
];
