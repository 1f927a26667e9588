//! The fifth held-out set (2026-12-05, session 28): genre wordings written
//! blind. The 1,000 templated requests reuse 52 genre wordings, so a few of
//! them decide their genre F1 (one paraphrase read right or wrong moves it
//! by about 0.02). A helper agent told not to read the repository wrote 10
//! per MovieLens genre: 4 saying the genre plainly or by an everyday synonym
//! (direct) and 6 describing it without naming it (indirect). They replace
//! the genre wording of the same test requests. A wording is dropped where
//! it repeats an evaluation, development or training wording, and an
//! indirect one also where it shares a content word with the shipped
//! reader's training wordings of its genre (those taught it that cue);
//! the report lists what was dropped and why. Nothing is chosen on this set:
//! it measures the shipped reader as it is.

use anyhow::Result;
use dualrec::engine::Engine;
use dualrec::pipeline::request::{is_stop, words, QueryWeights, UnreadPhrases};

use super::{evaluate, measure, paired_difference, paired_wording_ci_at, percentile, Compared, Measured, Query, Row, DEV_WORDINGS, GENRE_WORDS, READER_DEV_WORDINGS};
use std::collections::BTreeMap;

/// Resamples of wordings for a dealt set's test interval.
const TEST_RESAMPLES: usize = 10_000;
use crate::models::lora::requests::{NO_GENRE, TRAIN_WORDINGS};
use crate::protocol;
use crate::rng::SplitMix;

// The fifth to thirteenth sets, as the helpers wrote them (genre, kind, wording);
// the library holds them since they became example phrases (the tenth to
// thirteenth since session 37).
pub(crate) use dualrec::pipeline::written_requests::{
    WordingKind as Kind, EIGHTH_SET as BLIND_GENRE_WORDINGS_8, ELEVENTH_SET as BLIND_GENRE_WORDINGS_11, FIFTH_SET as BLIND_GENRE_WORDINGS, NINTH_SET as BLIND_GENRE_WORDINGS_9, SEVENTH_SET as BLIND_GENRE_WORDINGS_7,
    SIXTH_SET as BLIND_GENRE_WORDINGS_6, TENTH_SET as BLIND_GENRE_WORDINGS_10, THIRTEENTH_SET as BLIND_GENRE_WORDINGS_13, TWELFTH_SET as BLIND_GENRE_WORDINGS_12,
};
use Kind::{Direct as D, Indirect as I};

/// The report's description of the sixth set.
pub(crate) const BLIND_6_WHAT: &str = "written on 2026-12-05 (session 28) by a second helper agent told not to read the repository or the fifth set, after the soft-genre candidate was pre-registered: 10 genre wordings per MovieLens genre (3 direct, 7 indirect), dropped by the fifth set's rule and where they repeat a fifth-set wording; put in place of the 600 test requests' genre wordings as the fifth set's (another seed); nothing is chosen on it; it decides the soft-genre candidate (docs/eval/soft-llm-genres/README.md)";

pub(crate) const BLIND_7_WHAT: &str = "written on 2026-12-05 (session 29) by a helper agent told not to read the repository, before the genre-exemplar candidate was built and read by no reader before its pre-registration (docs/eval/genre-exemplars/README.md): 12 genre wordings per MovieLens genre (4 direct, 8 indirect); dropped by the fifth set's rule and where they repeat a fifth- or sixth-set wording or one of the example phrases (src/pipeline/genre_exemplars.rs); put in place of the 600 test requests' genre wordings as the fifth set's (another seed); it decides the exemplar candidate";

pub(crate) const BLIND_8_WHAT: &str = "written on 2026-12-05 (session 29) by a helper agent told not to read the repository or any earlier set, after the llm-then-exemplars candidate was designed, and read by no reader before its pre-registration (docs/eval/llm-then-exemplars/README.md): 12 genre wordings per MovieLens genre (5 direct, including colloquial names; 7 indirect); dropped by the fifth set's rule and where they repeat a fifth-, sixth- or seventh-set wording or an example phrase; put in place of the 600 test requests' genre wordings as the fifth set's (another seed); it decides the llm-then-exemplars candidate";

pub(crate) const BLIND_9_WHAT: &str = "written on 2026-12-05 (session 30) by a helper agent told not to read the repository, /tmp or any earlier set, after the exemplar-override candidate was designed, and read by no reader before its pre-registration (docs/eval/exemplar-override/README.md): 12 genre wordings per MovieLens genre (5 direct, including colloquial names; 7 indirect); dropped by the fifth set's rule and where they repeat a fifth- to eighth-set wording or an example phrase; put in place of the 600 test requests' genre wordings as the fifth set's (another seed); it decides the exemplar-override candidate";

/// The report's description of the tenth set.
pub(crate) const BLIND_10_WHAT: &str = "written on 2026-12-05 (session 31) by a helper agent told not to read the repository, /tmp or any earlier set (and to avoid a few stock phrasings), after the written-requests candidate was designed, and read by no reader before its pre-registration (docs/eval/written-requests/README.md): 12 genre wordings per MovieLens genre (5 direct, 7 indirect); dropped by the fifth set's rule and where they repeat a fifth- to ninth-set wording or an example phrase; put in place of the 600 test requests' genre wordings as the fifth set's (another seed); it decides the written-requests candidate";

/// The report's description of the eleventh set.
pub(crate) const BLIND_11_WHAT: &str = "written on 2026-12-05 (session 32) by a helper agent told not to read any file on the machine or use any search (and to avoid stock phrasings), before any reader read it, and read first by the pre-registered second test of the written-requests candidate (docs/eval/written-requests/README.md, docs/eval/blind-11/README.md): 12 genre wordings per MovieLens genre (5 direct, 7 indirect); dropped by the fifth set's rule and where they repeat a fifth- to tenth-set wording or an example phrase; put in place of the 600 test requests' genre wordings as the fifth set's (another seed); it decides the written-requests candidate's second test";

/// The fourteenth held-out set, as the three helpers wrote them (genre, kind,
/// wording), repeats within the set removed: see [`BLIND_14_WHAT`].
pub(crate) const BLIND_GENRE_WORDINGS_14: &[(&str, Kind, &str)] = &[
    ("Action", D, "could you put on an action movie for me and my son"),
    ("Action", D, "would you please find us a good action film for this evening"),
    ("Action", D, "i'd like an action packed movie please, the grandkids are asleep now"),
    ("Action", D, "could you show me some high octane action films suitable for a teenager"),
    ("Action", I, "could you find us something with lots of fist fights and a hero who never gives up"),
    ("Action", I, "my husband wants a film where one tough man takes on a whole gang of villains"),
    ("Action", I, "would you find a movie with big stunts, speeding getaways and a hero jumping off rooftops"),
    ("Action", I, "the kids are in bed so could you find something fast and loud with plenty of punches thrown"),
    ("Action", I, "could you please find a film where a retired special forces soldier has to rescue his daughter"),
    ("Action", I, "grandad would like something with martial arts fights and a lone hero taking down bad guys"),
    ("Action", I, "i'm after something with nonstop shootouts and a muscly hero saving the day"),
    ("Action", I, "could you find a film where an ex-cop fights his way floor by floor through a hijacked tower"),
    ("Action", I, "my teenage nephew is over and wants something with stunts, gunfights and huge fireballs"),
    ("Action", I, "please find a movie with a bodyguard battling a team of mercenaries to protect someone"),
    ("Action", I, "could you find us something full of adrenaline where the hero dodges bullets and leaps between trains"),
    ("Action", I, "the little ones are asleep, so could we have something with big brawls and daring rescues"),
    ("Adventure", D, "could you put on an adventure film for the whole family please"),
    ("Adventure", D, "would you find us an exciting adventure movie, the grandchildren are here"),
    ("Adventure", D, "i'd love a good old fashioned adventure story tonight please"),
    ("Adventure", D, "could you find an adventure film about explorers for my two boys"),
    ("Adventure", I, "could you find a film about a treasure hunt across jungles and ancient temples"),
    ("Adventure", I, "my grandson wants something where explorers follow an old map to a lost city"),
    ("Adventure", I, "please find us a movie about a daring journey across deserts and mountains to find a hidden relic"),
    ("Adventure", I, "could you put on something about pirates searching for buried gold on a faraway island"),
    ("Adventure", I, "we'd like a film where a group of friends set off on a perilous quest through uncharted lands"),
    ("Adventure", I, "the children love stories about swashbuckling heroes, could you find one of those for us"),
    ("Adventure", I, "could you find a film about an archaeologist dodging booby traps in a forgotten tomb"),
    ("Adventure", I, "i'm looking for something with a voyage down a wild river into unknown territory"),
    ("Adventure", I, "would you find something with a trek through the rainforest in search of a legendary creature"),
    ("Adventure", I, "my granddaughter wants a story about a shipwreck and surviving on a deserted island"),
    ("Adventure", I, "could you find a film about a globe trotting hero racing to recover a stolen artifact"),
    ("Adventure", I, "we want something with hot air balloons, secret caves and an expedition beneath the earth"),
    ("Animation", D, "could you find us an animated film, my toddler is sitting right here"),
    ("Animation", D, "would you please put on an animation for my granddaughter and me"),
    ("Animation", D, "could you find a cartoon movie for the children this afternoon"),
    ("Animation", D, "i'd like an animated feature please, something the whole family will enjoy"),
    ("Animation", I, "could you find a film that is hand drawn from start to finish with talking animals"),
    ("Animation", I, "the grandchildren want one of those computer made films with toys that come alive"),
    ("Animation", I, "could you find something made with clay figures moved frame by frame"),
    ("Animation", I, "please find a film where the characters are drawn rather than played by real actors"),
    ("Animation", I, "my daughter loves those glossy computer generated films with cute talking fish and cars"),
    ("Animation", I, "could you find a movie with no real people in it at all, just drawings brought to life"),
    ("Animation", I, "we'd like something in that japanese hand painted style with flying spirits and forests"),
    ("Animation", I, "could you find something with computer rendered talking animals for my three year old"),
    ("Animation", I, "would you please find a film made with puppets and stop motion for my grandson"),
    ("Animation", I, "my little one wants to watch drawn characters like the ones on his saturday morning shows"),
    ("Animation", I, "could you find a film where a little drawn mouse or rabbit is the hero"),
    ("Animation", I, "i'd like something with beautiful painted backgrounds and characters that are all illustrated"),
    ("Children's", D, "could you find us a children's film, my five year old is here"),
    ("Children's", D, "would you please put on a film made for young children"),
    ("Children's", D, "please find a good film for little ones, we have three of them here tonight"),
    ("Children's", D, "could you find a family movie suitable for small children"),
    ("Children's", I, "could you find something gentle with no bad language for my four year old to watch"),
    ("Children's", I, "the grandchildren are here and we need something sweet, safe and nothing upsetting"),
    ("Children's", I, "could you find a film about a boy and his loyal dog that a six year old would enjoy"),
    ("Children's", I, "please find something with a lesson about sharing and friendship for my little ones"),
    ("Children's", I, "would you find a film about a school trip where the pupils save the day, suitable for under tens"),
    ("Children's", I, "we're having a sleepover with six year olds, could you find something wholesome and sweet"),
    ("Children's", I, "could you find a movie where a talking pony helps a little girl, nothing too intense"),
    ("Children's", I, "my grandson is four, could you find something with real actors, a happy ending and nothing frightening"),
    ("Children's", I, "could you find a film about siblings building a treehouse and having a summer of gentle fun"),
    ("Children's", I, "i'm minding my niece who is five, could you find something age appropriate and kind hearted"),
    ("Children's", I, "please find a film about a girl who runs a lemonade stand to save the town park, for the little ones"),
    ("Children's", I, "could you find a film the toddler can watch with us about a teddy bear who goes missing"),
    ("Comedy", D, "could you put on a comedy for me and my wife"),
    ("Comedy", D, "would you find us a funny film, the grandparents are visiting"),
    ("Comedy", D, "could you find a good comedy film for a saturday night"),
    ("Comedy", D, "i'd like something hilarious please, a light comedy would be perfect"),
    ("Comedy", I, "could you find something light hearted with lots of silly jokes and pratfalls"),
    ("Comedy", I, "we've had a long day with the toddlers, could you find something that will have us giggling"),
    ("Comedy", I, "please find a film about two mismatched roommates getting into ridiculous scrapes"),
    ("Comedy", I, "could you find a movie where a bumbling dad keeps embarrassing himself at a wedding"),
    ("Comedy", I, "grandma wants something daft with slapstick and witty one liners"),
    ("Comedy", I, "would you find something goofy where everything goes wrong on a family holiday"),
    ("Comedy", I, "could you find a film full of gags about a clumsy office worker"),
    ("Comedy", I, "i'd love something silly and absurd that doesn't take itself seriously at all"),
    ("Comedy", I, "please find a movie with a hapless groom and a disastrous stag weekend"),
    ("Comedy", I, "could you find something with a ridiculous mix up where two strangers swap lives for a day"),
    ("Comedy", I, "we want something cheerful and cheeky with lots of banter, nothing heavy"),
    ("Comedy", I, "could you find a film about a disastrous house sitter causing chaos in a posh mansion"),
    ("Crime", D, "could you find a crime film for us now the children are asleep"),
    ("Crime", D, "would you please put on a gangster movie"),
    ("Crime", D, "could you find a good crime story about the mafia"),
    ("Crime", D, "i'm after a crime movie tonight, my husband and i have the evening to ourselves"),
    ("Crime", I, "could you find a film about a crew of robbers planning a big bank job"),
    ("Crime", I, "please find something about a family running the city's rackets and the feuds inside it"),
    ("Crime", I, "could you find a movie about a drug cartel and the undercover agent trying to bring it down"),
    ("Crime", I, "grandpa wants something about a clever con artist swindling rich people"),
    ("Crime", I, "would you find a film about a getaway driver who gets pulled into one last job"),
    ("Crime", I, "could you find something about corrupt police and a ruthless underworld boss in a big city"),
    ("Crime", I, "i'd like a film following a young man's rise through an organised gang of racketeers"),
    ("Crime", I, "please find something about a diamond heist that goes badly wrong"),
    ("Crime", I, "could you find a movie about bootleggers and smugglers during prohibition"),
    ("Crime", I, "the kids are in bed so could you find something gritty about hitmen and money launderers"),
    ("Crime", I, "could you find a film about a safecracker and an elaborate casino robbery"),
    ("Crime", I, "would you find something about a police task force chasing a notorious bank robber"),
    ("Documentary", D, "could you find a documentary about animals for the grandchildren"),
    ("Documentary", D, "would you put on a nature documentary please"),
    ("Documentary", D, "could you find us a documentary, something educational for my daughter"),
    ("Documentary", D, "please find a documentary film about history for me and my father"),
    ("Documentary", I, "could you find something narrated about penguins and polar bears in the arctic"),
    ("Documentary", I, "i'd like to watch real footage of how people lived in ancient egypt, with experts explaining it"),
    ("Documentary", I, "could you find a film with interviews about the history of space travel"),
    ("Documentary", I, "please find something factual about the ocean that my grandson can learn from"),
    ("Documentary", I, "could you find a true film following a mountaineering team with real footage from the climb"),
    ("Documentary", I, "would you find something with a calm narrator explaining how bees live"),
    ("Documentary", I, "could you find a film that investigates a real court case using archive footage and interviews"),
    ("Documentary", I, "i'd like something educational about volcanoes and earthquakes, filmed around the world"),
    ("Documentary", I, "could you find a behind the scenes look at how chocolate is made in real factories"),
    ("Documentary", I, "please find something about the lives of elephants in africa filmed over a whole year"),
    ("Documentary", I, "could you find something true to life about a famous musician with home videos and interviews"),
    ("Documentary", I, "my granddaughter has a school project on rainforests, could you find something informative with real footage"),
    ("Drama", D, "could you put on a drama for me and my husband tonight"),
    ("Drama", D, "would you find a good family drama please"),
    ("Drama", D, "could you find a serious drama film, the little ones are in bed"),
    ("Drama", D, "i'd like a moving drama please, something thoughtful"),
    ("Drama", I, "could you find a film about a family coming to terms with their father's illness"),
    ("Drama", I, "please find something serious and emotional about a single mother struggling to make ends meet"),
    ("Drama", I, "could you find a moving story about a teacher who changes the lives of troubled students"),
    ("Drama", I, "i'd like something thoughtful about grief and two brothers reconnecting after years apart"),
    ("Drama", I, "the grandchildren have gone home so could you find something heavy and character driven"),
    ("Drama", I, "would you find a film about a man rebuilding his life after losing his job and his home"),
    ("Drama", I, "could you find something quiet and powerful about an elderly couple facing dementia"),
    ("Drama", I, "please find a story about a young athlete overcoming hardship, something that will move us"),
    ("Drama", I, "could you find a film about a farming family fighting to keep their land through hard times"),
    ("Drama", I, "i want something with strong performances about a difficult relationship between a mother and daughter"),
    ("Drama", I, "could you find something sober and realistic about a courtroom battle over a child's custody"),
    ("Drama", I, "would you find an emotional film about a hospital doctor wrestling with an impossible choice"),
    ("Fantasy", D, "could you find a fantasy film for my grandson, he loves knights"),
    ("Fantasy", D, "would you put on a fantasy movie with dragons please"),
    ("Fantasy", D, "could you find us a fantasy film the whole family can enjoy"),
    ("Fantasy", D, "i'd like a good fantasy epic please, the kids are asleep"),
    ("Fantasy", I, "could you find a film with wizards, dragons and an enchanted kingdom"),
    ("Fantasy", I, "my granddaughter wants something with elves, spells and a quest to destroy a cursed ring"),
    ("Fantasy", I, "please find a movie where a young girl discovers she is a witch and goes to a school of sorcery"),
    ("Fantasy", I, "could you find something set in a mythical realm full of trolls and talking trees"),
    ("Fantasy", I, "would you find a film where a boy steps through a wardrobe into a land of eternal winter"),
    ("Fantasy", I, "could you find something with unicorns, fairies and a wicked sorceress"),
    ("Fantasy", I, "we'd like a film about a knight who must slay a beast to free a cursed princess"),
    ("Fantasy", I, "could you find something where a humble farm boy learns he has magical powers and must save the realm"),
    ("Fantasy", I, "please find a movie about a hidden world of giants and goblins beneath the city"),
    ("Fantasy", I, "could you find a film with a genie granting wishes and a flying carpet"),
    ("Fantasy", I, "i'd love something with sword and sorcery and ancient prophecies for my teenage grandson"),
    ("Fantasy", I, "could you find a story where a girl follows a rabbit into a strange world of talking creatures"),
    ("Film-Noir", D, "could you find a film noir for me and my wife"),
    ("Film-Noir", D, "would you please put on a classic noir"),
    ("Film-Noir", D, "could you find an old film noir detective story"),
    ("Film-Noir", D, "i'd like a noir film tonight, the grandkids are in bed"),
    ("Film-Noir", I, "could you find an old black and white film with a hard boiled private eye and a femme fatale"),
    ("Film-Noir", I, "please find something moody and shadowy with rain soaked streets and a cynical narrator"),
    ("Film-Noir", I, "could you find a film about a down on his luck gumshoe smoking in a dim office"),
    ("Film-Noir", I, "i'd like something from the golden age of hollywood with fedoras, venetian blinds and double crosses"),
    ("Film-Noir", I, "would you find a black and white picture where a dangerous woman lures an insurance man into murder"),
    ("Film-Noir", I, "could you find something bleak and fatalistic with voiceover narration and a doomed hero"),
    ("Film-Noir", I, "grandpa loves those old shadowy pictures about trench coated investigators and betrayal, could you find one"),
    ("Film-Noir", I, "please find a classic monochrome film set in a seedy city where nobody can be trusted"),
    ("Film-Noir", I, "could you find a film with sharp talking dames, smoky nightclubs and a crooked cop"),
    ("Film-Noir", I, "i'd like one of those dark studio era pictures with heavy shadows and a man on the run"),
    ("Film-Noir", I, "could you find an old movie about an amnesiac drifter framed for a killing in a fog bound city"),
    ("Film-Noir", I, "would you find something with jazz, cigarettes, moral corruption and a tragic ending, in black and white"),
    ("Horror", D, "could you put on a horror film now the children are asleep"),
    ("Horror", D, "would you find us a scary movie for tonight"),
    ("Horror", D, "could you find a horror movie, my teenage son and i want a fright"),
    ("Horror", D, "i'd like a good old horror film please, nothing too gory"),
    ("Horror", I, "could you find a film about a family moving into a haunted house with something evil in the walls"),
    ("Horror", I, "please find something about a masked killer stalking teenagers at a summer camp"),
    ("Horror", I, "could you find a movie with zombies overrunning a small town"),
    ("Horror", I, "the little ones are in bed so could you find something that'll make me sleep with the lights on"),
    ("Horror", I, "would you find a film about a demonic possession and a priest performing an exorcism"),
    ("Horror", I, "could you find something with vampires hunting villagers in a gloomy castle"),
    ("Horror", I, "i'd like something gruesome about a cursed video tape that kills whoever watches it"),
    ("Horror", I, "please find a film where a group of friends are picked off one by one in a remote forest cabin"),
    ("Horror", I, "could you find something with a possessed doll that comes alive at night"),
    ("Horror", I, "would you find a film that will make my hair stand on end, with ghosts and blood curdling screams"),
    ("Horror", I, "could you find something about a werewolf terrorising a village under the full moon"),
    ("Horror", I, "my husband and i want something with sudden shocks and a sinister creature lurking in the basement"),
    ("Musical", D, "could you find a musical for me and my granddaughter"),
    ("Musical", D, "would you please put on a movie musical, we love singing along"),
    ("Musical", D, "could you find us a family musical for this afternoon"),
    ("Musical", D, "i'd like a classic hollywood musical please"),
    ("Musical", I, "could you find a film where the characters burst into song and dance in the streets"),
    ("Musical", I, "my granddaughter loves singing along, could you find something full of show tunes"),
    ("Musical", I, "please find a film adapted from a broadway show with big dance numbers"),
    ("Musical", I, "could you find something where a nanny and the children sing their way through the story"),
    ("Musical", I, "would you find a movie with tap dancing, chorus lines and a big finale number"),
    ("Musical", I, "could you find a film where a group of students put on a show and the whole story is sung"),
    ("Musical", I, "grandma wants something with lots of songs and choreographed routines, like the old stage shows"),
    ("Musical", I, "please find something where the story is told through songs, perfect for a sing along with the kids"),
    ("Musical", I, "could you find a film where rival street gangs settle their differences with dance routines and ballads"),
    ("Musical", I, "i'd love something with dazzling costumes and a showstopping number on a grand staircase"),
    ("Musical", I, "could you find a film where even the dialogue is sung, like an opera on screen"),
    ("Musical", I, "would you find something with catchy songs the whole family can dance to in the living room"),
    ("Mystery", D, "could you find a mystery film for me and my mother"),
    ("Mystery", D, "would you put on a murder mystery please"),
    ("Mystery", D, "could you find us a good mystery, the children are in bed"),
    ("Mystery", D, "i'd like a classic detective mystery tonight please"),
    ("Mystery", I, "could you find a film where a murder happens at a country house and the guests are all suspects"),
    ("Mystery", I, "please find something where we can try to guess the culprit before the big reveal"),
    ("Mystery", I, "could you find a film about a train journey where a passenger is found dead and someone on board did it"),
    ("Mystery", I, "grandma loves following the clues, could you find something with a clever twist at the end"),
    ("Mystery", I, "would you find a film about a woman vanishing without a trace and her sister piecing together what happened"),
    ("Mystery", I, "could you find a puzzle of a film with hidden clues, red herrings and a surprising culprit"),
    ("Mystery", I, "i'd like something where a clever spinster solves a poisoning in a sleepy english village"),
    ("Mystery", I, "please find a film about a missing heirloom and a family where everyone has something to hide"),
    ("Mystery", I, "could you find something where an inspector gathers everyone in the library to reveal the killer"),
    ("Mystery", I, "would you find a movie about strange disappearances in a lighthouse town and the secrets behind them"),
    ("Mystery", I, "could you find something puzzling about a locked room and an impossible death"),
    ("Mystery", I, "we'd like a film full of clues where a nosy amateur works out what really happened to the victim"),
    ("Romance", D, "could you find a romance for me and my husband now the baby's asleep"),
    ("Romance", D, "would you put on a romantic film please"),
    ("Romance", D, "could you find a love story, something sweet for date night"),
    ("Romance", D, "i'd like a romantic movie please for a quiet evening in"),
    ("Romance", I, "could you find a film about two people who fall for each other over one summer"),
    ("Romance", I, "please find something about star crossed lovers kept apart by their families"),
    ("Romance", I, "could you find a movie where strangers meet on a train and can't stop thinking about each other"),
    ("Romance", I, "my wife and i want something swoony with a big kiss in the rain"),
    ("Romance", I, "would you find a film about childhood sweethearts reunited after many years"),
    ("Romance", I, "could you find something heartwarming about a widower finding love again"),
    ("Romance", I, "i'd like something about a couple writing letters to each other across an ocean"),
    ("Romance", I, "please find a film about a bride who has doubts when her first sweetheart returns"),
    ("Romance", I, "could you find something about an unlikely couple from different worlds falling head over heels"),
    ("Romance", I, "would you find a movie about courtship and longing glances at country balls"),
    ("Romance", I, "could you find a film about two rivals at work who slowly fall for one another"),
    ("Romance", I, "we'd like something tender about first dates, heartbreak and a grand gesture at the airport"),
    ("Sci-Fi", D, "could you find a sci-fi film for me and my grandson"),
    ("Sci-Fi", D, "would you please put on a science fiction movie"),
    ("Sci-Fi", D, "could you find us some good sci-fi for this evening"),
    ("Sci-Fi", D, "i'd like a science fiction film about space please, the kids love it"),
    ("Sci-Fi", I, "could you find a film about astronauts travelling to a distant planet to save humanity"),
    ("Sci-Fi", I, "please find something about robots becoming self aware in the future"),
    ("Sci-Fi", I, "could you find a movie about a time machine and someone changing history"),
    ("Sci-Fi", I, "my grandson wants something with aliens landing on earth and trying to communicate"),
    ("Sci-Fi", I, "would you find a film set on a space station orbiting a strange moon"),
    ("Sci-Fi", I, "could you find something about a dystopian future where everyone's memories are controlled"),
    ("Sci-Fi", I, "i'd like a film about scientists creating a clone and dealing with the consequences"),
    ("Sci-Fi", I, "please find something with interstellar travel, wormholes and faster than light engines"),
    ("Sci-Fi", I, "could you find something about colonists on mars struggling to survive"),
    ("Sci-Fi", I, "would you find a film about androids and artificial intelligence in a neon future city"),
    ("Sci-Fi", I, "could you find a movie where a boy befriends a visitor from another galaxy"),
    ("Sci-Fi", I, "we'd like something with laser blasters, distant galaxies and an evil galactic empire"),
    ("Thriller", D, "could you find a thriller for me and my husband, the kids are asleep"),
    ("Thriller", D, "would you please put on a psychological thriller"),
    ("Thriller", D, "could you find a tense thriller for tonight"),
    ("Thriller", D, "i'd like a suspense film please, something gripping"),
    ("Thriller", I, "could you find something tense where a woman realises she's being followed"),
    ("Thriller", I, "please find a film about a man framed for a murder he didn't commit and racing to clear his name"),
    ("Thriller", I, "could you find something nerve wracking about a family held hostage in their own home"),
    ("Thriller", I, "would you find a film about a spy being hunted across europe by his own agency"),
    ("Thriller", I, "i'd like something that keeps my heart pounding with twists and a race against the clock"),
    ("Thriller", I, "could you find a film about a stalker who turns a couple's life into a nightmare"),
    ("Thriller", I, "please find something gripping about a kidnapping and a ransom deadline"),
    ("Thriller", I, "could you find a movie about a nurse who suspects her new patient is not who he seems"),
    ("Thriller", I, "would you find something with a cat and mouse game between a killer and an fbi agent"),
    ("Thriller", I, "could you find something about a conspiracy where a journalist uncovers a deadly cover up"),
    ("Thriller", I, "the grandchildren have gone to bed, so could you find something nail biting and unpredictable"),
    ("Thriller", I, "i'd like a film about a woman trapped in a lift with a stranger who might be dangerous"),
    ("War", D, "could you find a war film for grandad and me"),
    ("War", D, "would you put on a war movie please, my father served"),
    ("War", D, "could you find a good world war two film"),
    ("War", D, "i'd like a war picture please, the little ones are in bed"),
    ("War", I, "could you find a film about soldiers storming the beaches on d-day"),
    ("War", I, "please find something about a platoon trapped behind enemy lines"),
    ("War", I, "could you find a movie about fighter pilots defending britain from the luftwaffe"),
    ("War", I, "grandad wants something about the trenches and the battle of the somme"),
    ("War", I, "would you find a film about a submarine crew hunting enemy convoys"),
    ("War", I, "could you find something about a squad of marines fighting through the jungles of vietnam"),
    ("War", I, "i'd like a film about a medic who saves wounded men on the battlefield without carrying a rifle"),
    ("War", I, "please find something about the evacuation of troops from the french beaches by little boats"),
    ("War", I, "could you find a film about prisoners of the nazis planning an escape from their camp"),
    ("War", I, "would you find a movie about a bomber crew on their final mission over germany"),
    ("War", I, "could you find something about tank crews rolling across the battle scarred countryside"),
    ("War", I, "my father served in the army, could you find something about brave infantrymen holding a bridge against the enemy"),
    ("Western", D, "could you find a western for grandad please"),
    ("Western", D, "would you put on a classic western film"),
    ("Western", D, "could you find us a good western, my son loves horses"),
    ("Western", D, "i'd like a western movie tonight please"),
    ("Western", I, "could you find a film about a sheriff facing down outlaws in a dusty frontier town"),
    ("Western", I, "please find something with gunslingers, saloons and a showdown on main street at midday"),
    ("Western", I, "could you find a movie about cattle drives across the open range"),
    ("Western", I, "grandad wants something with ranchers, horse riding and a bank robbery on the frontier"),
    ("Western", I, "would you find a film about a lone gunfighter riding into town to settle a score"),
    ("Western", I, "could you find something about settlers crossing the prairie in covered wagons"),
    ("Western", I, "i'd like a film about a bounty hunter tracking a wanted man through the desert canyons"),
    ("Western", I, "please find something with spurs, stetsons and a stagecoach holdup"),
    ("Western", I, "could you find a movie about a marshal and his deputies chasing bandits to the mexican border"),
    ("Western", I, "would you find something about a gold rush town and a feud between rival ranchers"),
    ("Western", I, "could you find a film about a retired gunslinger forced to strap on his revolver one last time"),
    ("Western", I, "my husband and i want something with tumbleweeds, horse thieves and frontier justice"),
    ("Action", D, "an action film with long unbroken fight takes and real stunt work"),
    ("Action", D, "something action packed where the fights are shot wide so you can follow every punch"),
    ("Action", D, "a high octane action movie with practical stunts instead of cgi mush"),
    ("Action", D, "that action one where a guy fights his way down a corridor with just a hammer"),
    ("Action", I, "the one where a lone cop crawls barefoot through air vents in a skyscraper taken over by armed men"),
    ("Action", I, "relentless pacing, handheld camera, a hero who takes a beating and keeps getting back up"),
    ("Action", I, "a retired hitman dragged back in who clears out an entire nightclub after someone kills his dog"),
    ("Action", I, "the one with the bus that blows up if it drops below a certain speed"),
    ("Action", I, "gunfights in slow motion with doves flying through the church"),
    ("Action", I, "one man fighting his way up a tower block floor by floor through a drug lord's gang"),
    ("Action", I, "big set pieces on a speeding train with punches thrown on the roof as it goes into tunnels"),
    ("Action", I, "adrenaline, muscle, bullets and a one liner right before the villain falls off the building"),
    ("Action", I, "the one with armoured trucks chasing through the desert and a guy playing a flaming guitar"),
    ("Action", I, "tightly cut shootouts, a countdown clock and a hero racing to defuse a bomb in time"),
    ("Action", I, "a lone fighter kicking his way through dozens of henchmen in a warehouse in one long take"),
    ("Action", I, "friday night with the lads, all fistfights, gun battles and a hero with a grudge"),
    ("Adventure", D, "a grand adventure film with sweeping landscapes and a real sense of discovery"),
    ("Adventure", D, "an old fashioned adventure movie with maps, jungles and lost temples"),
    ("Adventure", D, "some swashbuckling adventure with a rousing orchestral score"),
    ("Adventure", D, "that adventure one where they run from a giant rolling boulder"),
    ("Adventure", I, "a treasure hunt across jungles and deserts following a faded old map"),
    ("Adventure", I, "a ragtag crew sailing to an uncharted island in search of buried gold"),
    ("Adventure", I, "a long journey over mountains and rivers with a mismatched band of travellers"),
    ("Adventure", I, "a boy and his friend drifting down a great river on a raft meeting odd folk along the way"),
    ("Adventure", I, "sweeping aerial shots of jungle, rope bridges snapping and an expedition into the unknown"),
    ("Adventure", I, "pirates, sword fights on deck and a hunt for a legendary hoard"),
    ("Adventure", I, "explorers searching the mountains for a hidden city of gold"),
    ("Adventure", I, "a globetrotting quest with ancient riddles, secret tombs and a rival expedition on their heels"),
    ("Adventure", I, "a shipwrecked crew surviving on a desert island and building a raft to escape"),
    ("Adventure", I, "the one where he grabs his hat just before the stone door slams shut"),
    ("Adventure", I, "wide open vistas, a trek into uncharted territory and a sense of wonder around every bend"),
    ("Adventure", I, "a bunch of friends find a pirate map in an attic and follow it through underground caves"),
    ("Animation", D, "a beautifully animated feature with hand drawn backgrounds"),
    ("Animation", D, "an animated film for grown ups with real stop motion craft"),
    ("Animation", D, "a cartoon feature with lush watercolour style art"),
    ("Animation", D, "that animated one where the old man's house floats away on balloons"),
    ("Animation", I, "hand drawn frames where every painted background looks like a watercolour"),
    ("Animation", I, "stop motion puppets where you can almost see the fingerprints in the clay"),
    ("Animation", I, "the one where the toys come alive whenever the people leave the room"),
    ("Animation", I, "something drawn frame by frame the old way with ink and painted celluloid"),
    ("Animation", I, "the one where a girl wanders into a bathhouse for spirits and her parents turn into pigs"),
    ("Animation", I, "computer rendered fish searching the whole ocean for a lost son"),
    ("Animation", I, "lovingly crafted claymation about an inventor and his clever silent dog"),
    ("Animation", I, "drawn characters with squash and stretch timing that makes every gag land"),
    ("Animation", I, "a gorgeous piece of rotoscoping where the painted figures move almost like real people"),
    ("Animation", I, "cel shaded comic book panels bursting into motion with a hero swinging between skyscrapers"),
    ("Animation", I, "the one where a lion cub is held up on a rock at sunrise in front of all the animals"),
    ("Animation", I, "paper cutout silhouettes moving against glowing coloured backdrops"),
    ("Children's", D, "a children's film the whole family can sit through"),
    ("Children's", D, "something for children, gentle and warm with no frightening bits"),
    ("Children's", D, "a family film my young ones can watch before bed"),
    ("Children's", D, "a children's picture with talking animals and a happy ending"),
    ("Children's", I, "something my six year old can watch without getting nightmares"),
    ("Children's", I, "a gentle story about a little pig who learns to herd sheep on a farm"),
    ("Children's", I, "the one where two dogs and a cat find their way home across the mountains"),
    ("Children's", I, "bright colours, silly songs and a lesson about sharing"),
    ("Children's", I, "something for a sleepover of eight year olds, nothing rude, lots of giggles"),
    ("Children's", I, "something the grandkids can watch while i make dinner, no swearing at all"),
    ("Children's", I, "a story about a clever little girl with special powers who outwits a mean headmistress"),
    ("Children's", I, "a toddler friendly film with talking farm animals and a sing song narrator"),
    ("Children's", I, "the one where the little boy gets left home alone and booby traps the house"),
    ("Children's", I, "a lost puppy trying to find its way back to its family"),
    ("Children's", I, "simple story, lots of heart, something the little ones will want over and over again"),
    ("Children's", I, "a boy and his big shaggy dog, clean and wholesome for the under tens"),
    ("Comedy", D, "a proper comedy with sharp timing and deadpan delivery"),
    ("Comedy", D, "something funny, a screwball comedy with rapid fire dialogue"),
    ("Comedy", D, "a feel good comedy where the jokes actually land"),
    ("Comedy", D, "that comedy where a wedding goes horribly wrong from start to finish"),
    ("Comedy", I, "something silly that will have me giggling the whole way through"),
    ("Comedy", I, "the one where a grumpy weatherman relives the same day over and over"),
    ("Comedy", I, "deadpan one liners, pratfalls and a plan that goes hilariously wrong"),
    ("Comedy", I, "the bit where the clumsy guest keeps knocking over the champagne tower at a dinner party"),
    ("Comedy", I, "two idiot friends on a road trip who keep making everything worse"),
    ("Comedy", I, "razor sharp satire of office life where they smash a broken printer in a field"),
    ("Comedy", I, "secondhand embarrassment so bad you cackle through your fingers"),
    ("Comedy", I, "something to lift my mood after a rough week, pure nonsense and belly laughs"),
    ("Comedy", I, "impeccable physical timing, someone tripping over every piece of furniture in the room"),
    ("Comedy", I, "the one where a dad dresses up as an elderly nanny to see his children"),
    ("Comedy", I, "two stoners trying to get to a fast food joint in the middle of the night"),
    ("Comedy", I, "quotable lines, ridiculous characters, nothing serious just a good giggle"),
    ("Crime", D, "a gritty crime film about a family running the docks"),
    ("Crime", D, "a crime picture with a heist and a double cross"),
    ("Crime", D, "a gangster film with slow burning violence and loyalty tested"),
    ("Crime", D, "a crime story told from the side of the crooks"),
    ("Crime", I, "a meticulous bank robbery where the crew wear masks and everything goes sideways"),
    ("Crime", I, "the one where men in black suits argue about tipping in a diner before a jewellery job goes bad"),
    ("Crime", I, "a powerful italian family, a garden wedding and favours asked on the big day"),
    ("Crime", I, "drug money, dirty cops and a detective working the corners of a rotting city"),
    ("Crime", I, "the rise and fall of a cocaine dealer in a sunny city with a tiger in his mansion"),
    ("Crime", I, "a safecracker out of prison for one last score"),
    ("Crime", I, "a pair of con artists fleecing rich marks with an elaborate long con"),
    ("Crime", I, "the one where the getaway driver times every move to the songs in his headphones"),
    ("Crime", I, "a long tracking shot through a nightclub kitchen as the young hood shows off to his date"),
    ("Crime", I, "a counterfeiter printing money and the treasury agent chasing him"),
    ("Crime", I, "a small town kidnapping scheme that spirals into a bloody mess in the snow"),
    ("Crime", I, "slick split screen editing, a crew of thieves and a casino vault"),
    ("Documentary", D, "a documentary with stunning nature cinematography"),
    ("Documentary", D, "a feature length doc about a real musician's life"),
    ("Documentary", D, "a fly on the wall documentary about a busy restaurant kitchen"),
    ("Documentary", D, "a documentary about climbers scaling a huge rock face without ropes"),
    ("Documentary", I, "real footage and interviews about a famous trial that went wrong"),
    ("Documentary", I, "a true story told by the people who lived it with talking heads and archive footage"),
    ("Documentary", I, "narrated footage of penguins marching across the ice to breed"),
    ("Documentary", I, "the one where a guy eats nothing but burgers for a month to see what happens to his body"),
    ("Documentary", I, "following a real high school debate team for a whole year with no actors"),
    ("Documentary", I, "an investigation into the food industry with hidden cameras and real whistleblowers"),
    ("Documentary", I, "no actors, no script, just a camera following real people through their lives"),
    ("Documentary", I, "a filmmaker digging into a real unsolved murder and interviewing the suspects"),
    ("Documentary", I, "slow observational footage of real fishermen at sea with almost no narration"),
    ("Documentary", I, "the life of a real elderly sushi master and the son who works under him"),
    ("Documentary", I, "archive newsreels stitched together to tell the true story of a moon mission"),
    ("Documentary", I, "an expose of a real cult using home video filmed by former members"),
    ("Drama", D, "a slow character driven drama with long silences"),
    ("Drama", D, "a serious drama about a family falling apart"),
    ("Drama", D, "a courtroom drama with powerhouse performances"),
    ("Drama", D, "a period drama with natural light and restrained acting"),
    ("Drama", I, "something heavy and thoughtful about grief that stays with you for days"),
    ("Drama", I, "a family gathered at a farmhouse for a funeral with old resentments coming out over dinner"),
    ("Drama", I, "the one where the teacher stands on his desk and the boys call him captain"),
    ("Drama", I, "quiet naturalistic performances and long takes in kitchens and hospital corridors"),
    ("Drama", I, "a man wrongly imprisoned for decades who finds hope through friendship with another inmate"),
    ("Drama", I, "a boxer past his prime and the daughter who won't return his calls"),
    ("Drama", I, "a mother trying to save her son from addiction, nothing sugar coated"),
    ("Drama", I, "emotionally raw, a couple's marriage slowly dissolving over the years"),
    ("Drama", I, "the one where the boy runs along the beach at the end and the frame freezes on his face"),
    ("Drama", I, "social realism in a working class town, a strike and a family struggling to pay the bills"),
    ("Drama", I, "a lonely teenager growing up in a small town and trying to figure out who he is"),
    ("Drama", I, "an awards season kind of picture with a big emotional lead performance"),
    ("Fantasy", D, "an epic fantasy with wizards, elves and a long quest"),
    ("Fantasy", D, "a dark fantasy film full of fairy tale imagery"),
    ("Fantasy", D, "high fantasy with sword and sorcery and a proper adventure party"),
    ("Fantasy", D, "that fantasy one where a girl wishes her baby brother away to the goblins"),
    ("Fantasy", I, "dragons, enchanted swords and a prophecy about a chosen farm boy"),
    ("Fantasy", I, "the one with the faun and the pale man who has eyes in his hands"),
    ("Fantasy", I, "a boy finds out he has magic powers and goes off to a castle school for spells"),
    ("Fantasy", I, "a small band sets out to destroy a cursed ring in the fires of a volcano"),
    ("Fantasy", I, "talking lions, a white witch and an endless winter reached through a wardrobe"),
    ("Fantasy", I, "enchanted forests, elves and a dark lord massing his armies"),
    ("Fantasy", I, "a knight searching for the last unicorn across a cursed kingdom"),
    ("Fantasy", I, "a dreamlike world of spirits and curses where a prince has been turned to stone"),
    ("Fantasy", I, "sorcery, mythical beasts and a kingdom ruled by an evil queen"),
    ("Fantasy", I, "a genie granting three wishes in a world of flying carpets and sultans"),
    ("Fantasy", I, "a man discovers he is heir to a hidden kingdom of magic beneath the city"),
    ("Fantasy", I, "painterly and mythical, a world where trees walk and giants sleep under the hills"),
    ("Film-Noir", D, "a classic film noir with venetian blind shadows"),
    ("Film-Noir", D, "a black and white noir with a hardboiled private eye"),
    ("Film-Noir", D, "a noir with a doomed narrator and a femme fatale"),
    ("Film-Noir", D, "a moody noir about an insurance scam that goes bad"),
    ("Film-Noir", I, "rain slicked streets, cigarette smoke, a cynical detective and a woman he shouldn't trust"),
    ("Film-Noir", I, "high contrast black and white lighting and a voiceover from a man who is already doomed"),
    ("Film-Noir", I, "the one where the salesman plots with a bored wife to kill her husband for the policy payout"),
    ("Film-Noir", I, "a world weary gumshoe in a trench coat chasing a stolen jewelled statuette"),
    ("Film-Noir", I, "tough guy wisecracks and fatalistic narration over dark city streets at night"),
    ("Film-Noir", I, "the one narrated by a dead man floating face down in a swimming pool"),
    ("Film-Noir", I, "a drifter at a roadside diner falls for the owner's wife and it ends in murder"),
    ("Film-Noir", I, "low key lighting, dutch angles and a city that swallows honest men whole"),
    ("Film-Noir", I, "a man told he has been poisoned and has only hours to find his own killer"),
    ("Film-Noir", I, "an ex boxer hiding out at a gas station, just waiting for the hitmen to come"),
    ("Film-Noir", I, "an old studio picture with a double cross, a seductive blonde and a bullet in the last reel"),
    ("Film-Noir", I, "a hapless sap framed for murder by a dangerous dame in a smoky nightclub"),
    ("Horror", D, "a proper horror film with slow dread and no cheap jump scares"),
    ("Horror", D, "an old school horror movie with practical gore effects"),
    ("Horror", D, "a folk horror set in a remote village with strange rituals"),
    ("Horror", D, "a horror picture that will keep me up tonight"),
    ("Horror", I, "a family moves into an old house and something scratches inside the walls at night"),
    ("Horror", I, "creeping dread, long static shots of empty hallways and a presence lurking in the background"),
    ("Horror", I, "the one where the twin girls stand at the end of the hotel corridor"),
    ("Horror", I, "a masked killer stalking teenagers at a summer camp by the lake"),
    ("Horror", I, "demonic possession, a priest and a little girl's bed shaking"),
    ("Horror", I, "something that will make me sleep with the lights on"),
    ("Horror", I, "a creature hunting a group of cavers in total darkness underground"),
    ("Horror", I, "the one where a videotape kills you seven days after you watch it"),
    ("Horror", I, "blood soaked and visceral with a chainsaw maniac in a farmhouse"),
    ("Horror", I, "friends at a remote cabin read from an old book that wakes something up"),
    ("Horror", I, "the dead rising and shambling through a shopping mall"),
    ("Horror", I, "a haunted doll that moves whenever nobody is looking"),
    ("Musical", D, "a big musical with elaborate dance numbers"),
    ("Musical", D, "an old hollywood musical with tap dancing"),
    ("Musical", D, "a stage musical adaptation full of show tunes"),
    ("Musical", D, "a jukebox musical with songs everyone knows"),
    ("Musical", I, "characters suddenly bursting into song in the middle of the street"),
    ("Musical", I, "the one where a man dances in a downpour and swings around a lamppost"),
    ("Musical", I, "big choreographed numbers with sweeping crane shots over rows of dancers"),
    ("Musical", I, "a nun who becomes a governess and teaches the children to sing in the mountains"),
    ("Musical", I, "rival gangs finger snapping and dancing through the streets of new york"),
    ("Musical", I, "songs that move the plot forward and a showstopper at the end of every act"),
    ("Musical", I, "tap dancing, top hats and a grand staircase lit up with chorus girls"),
    ("Musical", I, "the opening on a gridlocked motorway where everyone gets out of their cars and dances"),
    ("Musical", I, "a film where every single line is sung, like an opera on screen"),
    ("Musical", I, "a singalong night with my mum, big belting ballads and glittering costumes"),
    ("Musical", I, "backstage story about putting on a broadway show with kaleidoscope shots of dancers"),
    ("Musical", I, "a barber who sings while he slits throats in victorian london"),
    ("Mystery", D, "a good mystery with clues you can follow along"),
    ("Mystery", D, "a cosy mystery set in a country manor"),
    ("Mystery", D, "a murder mystery at a snowed in hotel"),
    ("Mystery", D, "a twisty mystery where the detective gathers everyone in the drawing room at the end"),
    ("Mystery", I, "a detective with a waxed moustache questioning every passenger on a train stuck in the snow"),
    ("Mystery", I, "a body in the library and a house full of suspects who all had a motive"),
    ("Mystery", I, "an amateur sleuth piecing together clues in a sleepy english village"),
    ("Mystery", I, "the one where the rich old novelist dies after his birthday party and the whole family lies"),
    ("Mystery", I, "a puzzle full of red herrings where you try to guess the culprit before the reveal"),
    ("Mystery", I, "a locked room and a dead man with no way in or out"),
    ("Mystery", I, "a woman searching for her vanished sister and finding strange clues hidden in old letters"),
    ("Mystery", I, "anonymous poison pen letters in a small town where everyone has a secret"),
    ("Mystery", I, "the one where he can't form new memories and tattoos the clues on his body"),
    ("Mystery", I, "an eccentric detective who spots mud on your boot and tells your life story"),
    ("Mystery", I, "guests invited to an island by an unknown host and one by one they die"),
    ("Mystery", I, "clever plotting with a final scene where every clue clicks into place"),
    ("Romance", D, "a romance with real chemistry between the two leads"),
    ("Romance", D, "a sweeping romantic epic with lush costumes"),
    ("Romance", D, "a slow burn love story set in the countryside"),
    ("Romance", D, "a romantic film for date night"),
    ("Romance", I, "two strangers who meet on a train and spend one night walking around vienna talking"),
    ("Romance", I, "the one where he stands at her door holding cue cards saying how he feels"),
    ("Romance", I, "will they won't they, with longing glances across a crowded ballroom"),
    ("Romance", I, "a couple who keep bumping into each other over the years and finally get it right"),
    ("Romance", I, "a proud rich man and a sharp witted woman who slowly fall for each other"),
    ("Romance", I, "something to watch with my partner on valentine's day with a glass of wine"),
    ("Romance", I, "soft lighting, golden hour close ups and two people falling hard for each other"),
    ("Romance", I, "a widower's little boy calls a radio show and a woman across the country is listening"),
    ("Romance", I, "the one where he sketches her on the ship wearing only the blue necklace"),
    ("Romance", I, "a bookshop owner and her big chain rival secretly emailing each other"),
    ("Romance", I, "star crossed lovers from two families who hate each other"),
    ("Romance", I, "a summer fling on an italian holiday that changes her life forever"),
    ("Sci-Fi", D, "a cerebral sci-fi film about artificial intelligence"),
    ("Sci-Fi", D, "hard science fiction with realistic physics"),
    ("Sci-Fi", D, "a retro sci-fi movie with practical model effects"),
    ("Sci-Fi", D, "a dystopian science fiction story about a surveillance state"),
    ("Sci-Fi", I, "a crew on a long voyage to a distant planet waking early from cryosleep"),
    ("Sci-Fi", I, "an android who starts to question whether its memories are real"),
    ("Sci-Fi", I, "the one where the computer refuses to open the pod bay doors"),
    ("Sci-Fi", I, "time travel, paradoxes and a man trying to fix his own past"),
    ("Sci-Fi", I, "a rainy neon city of the future with flying cars and a hunter tracking rogue synthetic humans"),
    ("Sci-Fi", I, "first contact with aliens who communicate in circles of ink"),
    ("Sci-Fi", I, "an astronaut stranded alone on mars growing potatoes to survive"),
    ("Sci-Fi", I, "a future where humans are farmed by machines and live inside a simulation"),
    ("Sci-Fi", I, "slow and minimal, a lone scientist on an orbiting station haunted by the planet below"),
    ("Sci-Fi", I, "laser sword duels across the galaxy with a farm boy and a smuggler"),
    ("Sci-Fi", I, "a future society where emotions are outlawed and everyone takes pills to stay calm"),
    ("Sci-Fi", I, "wormholes, robots and a father trying to reach his daughter through a black hole"),
    ("Thriller", D, "a tense thriller with a ticking clock"),
    ("Thriller", D, "a paranoid political thriller full of surveillance"),
    ("Thriller", D, "a psychological thriller with an unreliable narrator"),
    ("Thriller", D, "an erotic thriller with a nasty twist"),
    ("Thriller", I, "a woman realises the man she married isn't who he says he is"),
    ("Thriller", I, "nail biting tension and a cat and mouse game between a killer and the cop hunting him"),
    ("Thriller", I, "a journalist uncovering a conspiracy and being followed everywhere he goes"),
    ("Thriller", I, "the one where a guy with a broken leg spies on his neighbours through a telephoto lens"),
    ("Thriller", I, "a stalker who slowly worms his way into a family's life"),
    ("Thriller", I, "suspense built from silence and slow zooms where we know the bomb is under the table"),
    ("Thriller", I, "a man wakes up with no memory and trained assassins on his trail"),
    ("Thriller", I, "a father with a particular set of skills hunting the men who took his daughter"),
    ("Thriller", I, "a hostage negotiation going wrong on a hijacked plane"),
    ("Thriller", I, "the one where the young agent asks a jailed cannibal to help catch another killer"),
    ("Thriller", I, "a woman being manipulated by her husband into thinking she's losing her mind"),
    ("Thriller", I, "twisty and pulse pounding, an innocent man on the run from the police and the real villains"),
    ("War", D, "a war film that shows the horror of the trenches"),
    ("War", D, "a gritty war movie about a bomber crew"),
    ("War", D, "a submarine war story with claustrophobic tension"),
    ("War", D, "a war epic about the normandy landings"),
    ("War", I, "soldiers storming a beach under heavy machine gun fire"),
    ("War", I, "the one where a squad goes behind enemy lines to bring one private home to his mother"),
    ("War", I, "trench mud, barbed wire and young men going over the top at the whistle"),
    ("War", I, "a platoon in the jungle with helicopters overhead and a sergeant losing his mind"),
    ("War", I, "allied prisoners digging tunnels out of a german camp"),
    ("War", I, "a fighter pilot in a dogfight over the channel"),
    ("War", I, "the one where a soldier runs across the battlefield in one long unbroken shot delivering a message"),
    ("War", I, "snipers hunting each other through the ruins of a city under siege in winter"),
    ("War", I, "a company of paratroopers dropping into occupied france at night"),
    ("War", I, "a tank crew pushing through enemy territory in the final days of the fighting"),
    ("War", I, "schoolboys sent straight to the front line, watching their friends die one by one"),
    ("War", I, "troops stranded on a beach waiting for little boats to cross the channel and rescue them"),
    ("Western", D, "a classic western with wide desert vistas"),
    ("Western", D, "a spaghetti western with extreme close ups and a whistling score"),
    ("Western", D, "a revisionist western about an ageing gunslinger"),
    ("Western", D, "a western set on a long cattle drive"),
    ("Western", I, "a lone gunslinger rides into a dusty frontier town"),
    ("Western", I, "a showdown at high noon on main street with tumbleweeds blowing past"),
    ("Western", I, "saloon doors swinging, a sheriff with a tin star and a gang of outlaws"),
    ("Western", I, "the one where three men stand in a circle in a graveyard waiting to draw"),
    ("Western", I, "a coach full of mismatched passengers crossing hostile territory"),
    ("Western", I, "a bounty hunter tracking a wanted man across the frontier on horseback"),
    ("Western", I, "ranchers and homesteaders fighting over water rights and open range"),
    ("Western", I, "a young girl hires a one eyed marshal to hunt down her father's killer"),
    ("Western", I, "horses, six shooters and long dusty trails across the frontier"),
    ("Western", I, "gold rush prospectors, a mining camp and a card game that ends in gunfire"),
    ("Western", I, "a train robbery out on the plains and a posse riding in pursuit"),
    ("Western", I, "outlaws riding off into the sunset over red rock mesas"),
    ("Action", D, "action, just something action packed"),
    ("Action", D, "uh put on an action flick, whatever's good"),
    ("Action", D, "hang on the pasta's boiling, action movie please"),
    ("Action", D, "something like a shoot em up, you know, straight action"),
    ("Action", I, "one guy takes out a whole building of bad guys floor by floor"),
    ("Action", I, "i want nonstop fistfights and shootouts, barely any talking"),
    ("Action", I, "like a boss rush but the whole film, just fight after fight"),
    ("Action", I, "ex special forces dude gets pulled back in for one last job and wrecks everyone"),
    ("Action", I, "something loud with big stunts, for when i'm on the treadmill"),
    ("Action", I, "uh give me, no wait, not the slow stuff, the one where they jump off helicopters"),
    ("Action", I, "pure adrenaline, brain off, punches and gunfire the whole time"),
    ("Action", I, "bodyguard has to protect somebody while mercenaries keep attacking"),
    ("Action", I, "kung fu brawls in a warehouse, tons of choreography"),
    ("Action", I, "rooftop fights, stuff blowing up, the hero strolling away from a fireball"),
    ("Action", I, "high octane, like playing a shooter on max difficulty"),
    ("Action", I, "on the phone with my brother, put on something with a lot of punching and running"),
    ("Adventure", D, "adventure movie please"),
    ("Adventure", D, "an adventure, like a big journey kind of thing"),
    ("Adventure", D, "uh something adventurous, okay"),
    ("Adventure", D, "quest movie, the grand adventure type"),
    ("Adventure", I, "explorers hunting for a lost temple in the jungle"),
    ("Adventure", I, "treasure map, a ragtag crew, and a long trip across the ocean"),
    ("Adventure", I, "like an open world game where they just travel and discover stuff"),
    ("Adventure", I, "shipwrecked on an island and trying to get home"),
    ("Adventure", I, "a trek across the desert looking for a legendary city"),
    ("Adventure", I, "something with, scratch that, more like pirates and buried gold"),
    ("Adventure", I, "swashbuckling sword fights on ships and daring escapes"),
    ("Adventure", I, "climbing a mountain nobody has ever come back from"),
    ("Adventure", I, "archaeologist dodging booby traps in ancient tombs"),
    ("Adventure", I, "a bunch of kids on summer break following an old map into caves"),
    ("Adventure", I, "a voyage to uncharted lands with maps and compasses, while i fold laundry"),
    ("Adventure", I, "expedition into the arctic to find a missing explorer"),
    ("Animation", D, "animated movie please"),
    ("Animation", D, "a cartoon, any cartoon"),
    ("Animation", D, "uh anime, something anime"),
    ("Animation", D, "something animated, the glossy computer kind"),
    ("Animation", I, "hand drawn, like the old ones where every frame is painted"),
    ("Animation", I, "stop motion with the little clay figures"),
    ("Animation", I, "toys that come to life, all rendered on a computer"),
    ("Animation", I, "the japanese studio style with flying castles and watercolor backgrounds"),
    ("Animation", I, "something with, wait, no real actors, just drawings that move"),
    ("Animation", I, "cel shaded look, like a game cutscene but feature length"),
    ("Animation", I, "colorful cgi critters with big eyes and famous voice actors"),
    ("Animation", I, "pencil sketch art style, grown up story but all drawn"),
    ("Animation", I, "puppets moved frame by frame, that handmade look"),
    ("Animation", I, "i'm cooking, just put on something drawn, not live action"),
    ("Animation", I, "like the saturday morning stuff but a full length feature"),
    ("Animation", I, "superhero one where the comic panels actually come to life in that drawn style"),
    ("Children's", D, "something for children please"),
    ("Children's", D, "a family movie the little ones can watch"),
    ("Children's", D, "children's films, for my five year old"),
    ("Children's", D, "uh kid friendly, totally kid friendly"),
    ("Children's", I, "my niece is over, she's six, nothing with swearing"),
    ("Children's", I, "something gentle for toddler bedtime, no frightening bits"),
    ("Children's", I, "a puppy who finds his way home, rated g"),
    ("Children's", I, "for the little ones while i make dinner, talking animals please"),
    ("Children's", I, "birthday sleepover for a bunch of eight year olds"),
    ("Children's", I, "something, no, not that one, something my daughter can watch without nightmares"),
    ("Children's", I, "a boy and his dog solving problems at school"),
    ("Children's", I, "lessons about sharing and friendship, really wholesome and simple"),
    ("Children's", I, "the grandkids are here, keep it clean and silly"),
    ("Children's", I, "fairy godmother stuff for a first grader"),
    ("Children's", I, "g rated, short, colorful, for a preschooler"),
    ("Children's", I, "babysitting twins tonight, need something to keep a seven year old busy"),
    ("Comedy", D, "comedy, a good comedy"),
    ("Comedy", D, "something funny please"),
    ("Comedy", D, "not stand up, i mean a comedy film"),
    ("Comedy", D, "a goofy comedy, nothing serious"),
    ("Comedy", I, "a bunch of idiots planning a bachelor party that goes wrong"),
    ("Comedy", I, "had a terrible day, want to be giggling till i cry"),
    ("Comedy", I, "slapstick, people falling over and pies in faces"),
    ("Comedy", I, "two mismatched roommates driving each other nuts, played for gags"),
    ("Comedy", I, "dumb jokes, silly voices, nothing deep"),
    ("Comedy", I, "something with, actually no, a parody that spoofs other movies"),
    ("Comedy", I, "awkward office guy keeps embarrassing himself"),
    ("Comedy", I, "lighthearted and ridiculous, like a meme compilation but with a plot"),
    ("Comedy", I, "on the train, want something with witty one liners and banter"),
    ("Comedy", I, "family vacation where literally everything goes wrong in the most ridiculous ways"),
    ("Comedy", I, "cringey awkward silences and deadpan jokes"),
    ("Comedy", I, "frat house shenanigans, belly chuckles all the way through"),
    ("Crime", D, "put on a crime movie"),
    ("Crime", D, "a crime flick, gangster stuff"),
    ("Crime", D, "uh something crime related"),
    ("Crime", D, "a gangster film, like mob stuff"),
    ("Crime", I, "a crew of pros planning to rob a casino vault"),
    ("Crime", I, "mob family with the bosses, the hits and the betrayals"),
    ("Crime", I, "drug cartel rising, money laundering, cops closing in"),
    ("Crime", I, "bank robbery that goes sideways"),
    ("Crime", I, "like a grand theft game but a movie, stealing cars and running from cops"),
    ("Crime", I, "undercover cop infiltrates the mafia"),
    ("Crime", I, "something with, wait, the getaway driver who does one last score"),
    ("Crime", I, "con artists pulling a big swindle on a rich guy"),
    ("Crime", I, "gritty streets, dealers and corrupt police"),
    ("Crime", I, "commuting home, put on the one with bootleggers running liquor during prohibition"),
    ("Crime", I, "a hitman who has to take out his own boss"),
    ("Crime", I, "art thieves lifting a painting from a museum"),
    ("Documentary", D, "a documentary, any topic"),
    ("Documentary", D, "a doc, something factual"),
    ("Documentary", D, "uh nature documentary please"),
    ("Documentary", D, "nonfiction film, real stuff"),
    ("Documentary", I, "real footage about how the pyramids were built, with a narrator"),
    ("Documentary", I, "interviews with actual people about what really happened"),
    ("Documentary", I, "penguins in antarctica with a calm british narrator"),
    ("Documentary", I, "behind the scenes of how a band made their first record, real footage"),
    ("Documentary", I, "something educational about the ocean, while i iron"),
    ("Documentary", I, "the real story of a famous esports team, no actors"),
    ("Documentary", I, "investigating a real unsolved case with archive clips"),
    ("Documentary", I, "how food gets from farm to supermarket, eye opening"),
    ("Documentary", I, "something, no, not made up, something true about climate change"),
    ("Documentary", I, "talking heads and archival footage about the space race"),
    ("Documentary", I, "follow a real chef around for a year"),
    ("Documentary", I, "a look at how comic book artists actually work, interviews and studio footage"),
    ("Drama", D, "put on a drama"),
    ("Drama", D, "something dramatic, serious"),
    ("Drama", D, "uh family drama, heavy stuff"),
    ("Drama", D, "a serious drama, award type"),
    ("Drama", I, "a family falling apart after the dad loses his job"),
    ("Drama", I, "something emotional and slow, about grief"),
    ("Drama", I, "a teacher who changes the lives of troubled students"),
    ("Drama", I, "courtroom, but more about the people and their struggles"),
    ("Drama", I, "i want to cry, something heartfelt about a dying mother"),
    ("Drama", I, "character study of an addict trying to get clean"),
    ("Drama", I, "something, no, not fun stuff, heavy and real, about immigrants starting over"),
    ("Drama", I, "two brothers who haven't spoken in years reunite at a funeral"),
    ("Drama", I, "quiet, serious, lots of talking, the kind that wins awards"),
    ("Drama", I, "a small town struggling after the factory closes"),
    ("Drama", I, "aging boxer at the end of his career fighting for his family"),
    ("Drama", I, "on the phone, just put on something serious and moving about real life"),
    ("Fantasy", D, "a fantasy movie please"),
    ("Fantasy", D, "something fantasy, swords and sorcery"),
    ("Fantasy", D, "uh high fantasy please"),
    ("Fantasy", D, "a big fantasy epic"),
    ("Fantasy", I, "elves, wizards and a quest to destroy a cursed artifact"),
    ("Fantasy", I, "dragons and knights and a kingdom under a curse"),
    ("Fantasy", I, "like a tabletop campaign, a rogue, a cleric and a mage on a quest"),
    ("Fantasy", I, "a hidden school where kids learn spells"),
    ("Fantasy", I, "fairies and enchanted forests, talking trees"),
    ("Fantasy", I, "something with, hmm no, more like magic swords and prophecies"),
    ("Fantasy", I, "a chosen one destined to defeat the dark lord"),
    ("Fantasy", I, "mythical creatures, unicorns and trolls, another realm"),
    ("Fantasy", I, "a kid falls through a portal into a land of witches and griffins"),
    ("Fantasy", I, "sorcerers battling with spells in a medieval world"),
    ("Fantasy", I, "like an rpg, leveling up, enchanted loot, orc armies"),
    ("Fantasy", I, "while i cook, something with dwarves mining under a mountain"),
    ("Film-Noir", D, "some classic film noir"),
    ("Film-Noir", D, "noir, classic noir"),
    ("Film-Noir", D, "uh a black and white noir"),
    ("Film-Noir", D, "something noir, the old detective kind"),
    ("Film-Noir", I, "black and white, a hard boiled private eye, rain and cigarette smoke"),
    ("Film-Noir", I, "femme fatale leads a sap to his doom"),
    ("Film-Noir", I, "venetian blinds, shadows, a voiceover from a cynical detective"),
    ("Film-Noir", I, "a jaded gumshoe in a trench coat and fedora, dark city at night"),
    ("Film-Noir", I, "old hollywood, fatalistic, everyone double crossing everyone in the shadows"),
    ("Film-Noir", I, "something, no, older, the shadowy ones with the dame and the insurance scam"),
    ("Film-Noir", I, "a washed up boxer, a smoky nightclub and a doomed heist on grainy old film"),
    ("Film-Noir", I, "grim city, moody jazz, a loser narrating how he got framed"),
    ("Film-Noir", I, "like a rain soaked graphic novel but the real old hollywood thing in monochrome"),
    ("Film-Noir", I, "dark alleys, high contrast lighting, a crooked cop and a blonde with secrets"),
    ("Film-Noir", I, "the kind where the narrator is already dead at the start, all shadows and regret"),
    ("Film-Noir", I, "hard boiled dialogue, stark shadows, nobody gets a happy ending"),
    ("Horror", D, "horror movie, the gory kind"),
    ("Horror", D, "a horror movie please"),
    ("Horror", D, "uh something scary, really scary"),
    ("Horror", D, "slasher, a good slasher"),
    ("Horror", I, "haunted house where the family hears noises in the walls"),
    ("Horror", I, "masked killer picking off teens at a summer camp"),
    ("Horror", I, "i want to sleep with the lights on tonight"),
    ("Horror", I, "demonic possession and an exorcism"),
    ("Horror", I, "like a survival game where the monster hunts you in the dark"),
    ("Horror", I, "zombies overrunning a small town, lots of gore"),
    ("Horror", I, "something, no, not ghosts, more like a creepy doll that moves on its own"),
    ("Horror", I, "jump scares and blood, friday night with my roommates"),
    ("Horror", I, "a cursed videotape and anyone who watches it dies"),
    ("Horror", I, "vampires stalking a village at night, lots of screaming"),
    ("Horror", I, "teens in a remote cabin unleash something evil"),
    ("Horror", I, "while i clean, put on something with creatures under the bed and blood everywhere"),
    ("Musical", D, "show me a musical"),
    ("Musical", D, "a musical, broadway kind"),
    ("Musical", D, "uh a movie musical please"),
    ("Musical", D, "something with singing and dancing, a musical"),
    ("Musical", I, "everyone suddenly bursts into song in the middle of the street"),
    ("Musical", I, "big choreographed dance numbers and show tunes"),
    ("Musical", I, "a stage show adaptation with a full orchestra"),
    ("Musical", I, "i want to sing along while i cook"),
    ("Musical", I, "tap dancing, top hats, big song numbers"),
    ("Musical", I, "something, no, not a concert, where the characters sing the story"),
    ("Musical", I, "high schoolers singing and dancing in the cafeteria"),
    ("Musical", I, "belting ballads, a chorus line, jazz hands"),
    ("Musical", I, "like a rhythm game but a film, everyone breaking into song on the beat"),
    ("Musical", I, "the kind with a showstopper number and a soundtrack i'll hum all week"),
    ("Musical", I, "sung through, no spoken lines, like an opera on screen"),
    ("Musical", I, "a troupe putting on a show with songs at every turn"),
    ("Mystery", D, "a mystery, any mystery"),
    ("Mystery", D, "a mystery movie please"),
    ("Mystery", D, "uh a detective mystery"),
    ("Mystery", D, "murder mystery, something like that"),
    ("Mystery", I, "a body in the library and six suspects in one mansion"),
    ("Mystery", I, "a sleuth gathers everyone in the parlor to reveal who did it"),
    ("Mystery", I, "clues, red herrings, and a twist at the end about the killer"),
    ("Mystery", I, "a snowed in hotel, someone is poisoned, the guests all lie"),
    ("Mystery", I, "like a point and click puzzle game, finding clues in every room"),
    ("Mystery", I, "something, wait, more like an old lady sleuth solving a village murder"),
    ("Mystery", I, "a train, a dead passenger, a fussy inspector with a mustache"),
    ("Mystery", I, "i want to guess along and figure out who did it before the end"),
    ("Mystery", I, "a missing heiress and a locked room nobody could have left"),
    ("Mystery", I, "puzzle box plot where every scene hides a clue"),
    ("Mystery", I, "on my commute, something where an investigator pieces together cryptic letters"),
    ("Mystery", I, "cryptic riddles left at each scene and someone has to decode who's behind them"),
    ("Romance", D, "romance, something romance"),
    ("Romance", D, "a romantic movie please"),
    ("Romance", D, "uh a love story, something sweet"),
    ("Romance", D, "something romantic for date night"),
    ("Romance", I, "two strangers meet on a train and fall for each other"),
    ("Romance", I, "date night with my girlfriend, something swoony"),
    ("Romance", I, "enemies to lovers, the slow burn kind"),
    ("Romance", I, "a summer fling that turns into the real thing"),
    ("Romance", I, "wedding planner falls for the groom"),
    ("Romance", I, "something, no, more like letters between two people who can't be together"),
    ("Romance", I, "star crossed couple from rival families"),
    ("Romance", I, "a widower who meets someone new and opens his heart again"),
    ("Romance", I, "butterflies, first kiss, happily ever after"),
    ("Romance", I, "like a dating sim but a movie, who will she pick"),
    ("Romance", I, "chasing someone through an airport to confess feelings"),
    ("Romance", I, "valentine's night, cuddled on the couch, something about soulmates"),
    ("Sci-Fi", D, "sci fi please"),
    ("Sci-Fi", D, "science fiction, anything"),
    ("Sci-Fi", D, "uh sci-fi, hard sci-fi"),
    ("Sci-Fi", D, "something futuristic, sci fi"),
    ("Sci-Fi", I, "astronauts stranded on mars trying to survive"),
    ("Sci-Fi", I, "robots becoming self aware and turning on humans"),
    ("Sci-Fi", I, "time travel paradoxes, messing with the timeline"),
    ("Sci-Fi", I, "aliens making first contact and we try to talk to them"),
    ("Sci-Fi", I, "a colony ship drifting between galaxies"),
    ("Sci-Fi", I, "cyberpunk city, neon, hackers, androids"),
    ("Sci-Fi", I, "like a space opera game, galactic empire, laser battles"),
    ("Sci-Fi", I, "something, no, more like clones and genetic engineering gone wrong"),
    ("Sci-Fi", I, "a dystopia where the government controls everyone's memories"),
    ("Sci-Fi", I, "warp drives and wormholes"),
    ("Sci-Fi", I, "mech suits and laser rifles, humanity's last stand against an alien swarm"),
    ("Sci-Fi", I, "driving home, just want something about a virtual world you can't tell from real life"),
    ("Thriller", D, "a good thriller tonight"),
    ("Thriller", D, "a thriller please"),
    ("Thriller", D, "uh a psychological thriller"),
    ("Thriller", D, "something suspenseful, tense"),
    ("Thriller", I, "a woman realizes her husband isn't who he says he is"),
    ("Thriller", I, "heart pounding, tense, can't breathe kind of movie"),
    ("Thriller", I, "a stalker who knows everything about her"),
    ("Thriller", I, "kidnapped daughter, ransom, clock ticking"),
    ("Thriller", I, "a spy on the run, nobody can be trusted"),
    ("Thriller", I, "something, no, more like cat and mouse between a serial killer and an fbi agent"),
    ("Thriller", I, "a conspiracy that goes all the way to the top"),
    ("Thriller", I, "trapped in an elevator with someone who might be dangerous"),
    ("Thriller", I, "twisty, paranoid, i want my nails bitten off"),
    ("Thriller", I, "home invasion, a family hiding while intruders search the house"),
    ("Thriller", I, "like a stealth game, one wrong move and you're caught"),
    ("Thriller", I, "on the phone, put on something with a bomb ticking and a negotiator"),
    ("War", D, "put on a war movie"),
    ("War", D, "a war film please"),
    ("War", D, "uh military, war stuff"),
    ("War", D, "something about war, battle scenes"),
    ("War", I, "soldiers storming the beaches under heavy fire"),
    ("War", I, "a platoon stuck in the jungle behind enemy lines"),
    ("War", I, "trenches, mud, barbed wire, going over the top"),
    ("War", I, "submarine crew hunted by destroyers"),
    ("War", I, "like a squad shooter but real history, a bunch of grunts holding a bridge"),
    ("War", I, "something, no, not modern, fighter pilots in dogfights over the channel"),
    ("War", I, "a medic saving wounded men on the front line"),
    ("War", I, "resistance fighters sabotaging the occupiers"),
    ("War", I, "tanks rolling through a bombed out city"),
    ("War", I, "the horrors of combat, brothers in arms"),
    ("War", I, "a general planning the invasion, maps and troop movements"),
    ("War", I, "while i do dishes, something about paratroopers dropped into enemy territory"),
    ("Western", D, "find me a western"),
    ("Western", D, "a western please"),
    ("Western", D, "uh a spaghetti western"),
    ("Western", D, "something with gunslingers, a western"),
    ("Western", I, "a drifter rides into a dusty frontier town"),
    ("Western", I, "a showdown outside the saloon at noon, hands on holsters"),
    ("Western", I, "saloons, sheriffs, and horse thieves"),
    ("Western", I, "cattle drive across the plains"),
    ("Western", I, "a bounty hunter tracking an outlaw through the desert"),
    ("Western", I, "something, no, more like the old frontier with stagecoach robberies"),
    ("Western", I, "like that open world game on horseback with revolvers and bandits"),
    ("Western", I, "ranchers fighting railroad barons over land"),
    ("Western", I, "tumbleweeds, spurs, revolvers and a posse"),
    ("Western", I, "a marshal defending a town against a gang of outlaws"),
    ("Western", I, "gold rush prospectors and claim jumpers"),
    ("Western", I, "on my drive home, put on one with horses, desert and a quick draw duel"),
];

/// The report's description of the twelfth set.
pub(crate) const BLIND_12_WHAT: &str = "written on 2026-12-05 (session 33) by three helper agents told not to read any file on the machine or use any search (and to avoid stock phrasings), each imagining other viewers (a family; young adults; older viewers and film buffs), before any reader read it, and read first by the pre-registered third test of the written-requests candidate (docs/eval/written-requests/README.md, docs/eval/blind-12/README.md): 48 genre wordings per MovieLens genre (12 direct, 36 indirect), repeats within the set removed unread; dropped by the fifth set's rule and where they repeat a fifth- to eleventh-set wording or an example phrase; dealt (not drawn) in place of the 600 test requests' genre wordings, so every kept wording is read before any is read twice; the candidate's paired difference judged at 1 - 0.05/3 over 10,000 resamples of wordings";

/// The report's description of the thirteenth set.
pub(crate) const BLIND_13_WHAT: &str = "written on 2026-12-06 (session 37) by three helper agents told not to read, list or search any file on the machine or use any search (and to avoid stock phrasings), each imagining other viewers (tired viewers on the sofa after work; teenagers, students and viewers for whom English is a second language; couples and friends choosing together, and retired viewers describing films as they remember them), before the phrase candidate was designed, and read first by its pre-registered test (docs/eval/written-phrases/README.md): 48 genre wordings per MovieLens genre (12 direct, 36 indirect), repeats within the set removed unread; dropped by the fifth set's rule and where they repeat a fifth- to twelfth-set wording or an example phrase; dealt in place of the 600 test requests' genre wordings as the twelfth set's (another seed); the candidate's paired difference judged at 0.95 over 10,000 resamples of wordings";

/// The report's description of the fourteenth set.
pub(crate) const BLIND_14_WHAT: &str = "written on 2026-12-06 (session 37) by three helper agents told not to read, list or search any file on the machine or use any search (and to avoid stock phrasings), each imagining other viewers (parents and grandparents babysitting, in full polite sentences; film enthusiasts describing craft and atmosphere, and viewers half remembering one scene; busy viewers in fragments who correct themselves, and gamers and comic-book fans), before the second phrase candidate was designed, and read first by its pre-registered test (docs/eval/written-phrases/README.md): 48 genre wordings per MovieLens genre (12 direct, 36 indirect); dropped by the fifth set's rule and where they repeat a fifth- to thirteenth-set wording or an example phrase; dealt in place of the 600 test requests' genre wordings as the twelfth set's (another seed); the candidate's paired difference judged at 0.95 over 10,000 resamples of wordings";

/// A set of blind wordings: (genre, kind, wording), as written.
pub(crate) type Wordings = [(&'static str, Kind, &'static str)];

/// Why a wording of `genre` is not held out, or None when it is; `earlier`:
/// the blind sets written before this one.
fn dropped_because(genre: &str, kind: Kind, wording: &str, earlier: &Wordings) -> Option<String> {
    let norm = |t: &str| words(t).join(" ");
    let n = norm(wording);
    if earlier.iter().any(|x| norm(x.2) == n) {
        return Some("repeats an earlier blind set's wording".into());
    }
    let mut seen = GENRE_WORDS.iter().flat_map(|g| g.1.iter().copied()).chain(DEV_WORDINGS.iter().chain(READER_DEV_WORDINGS).map(|d| d.0));
    if seen.any(|x| norm(x) == n) {
        return Some("repeats an evaluation or development wording".into());
    }
    if TRAIN_WORDINGS.iter().flat_map(|t| t.1.iter().copied()).chain(NO_GENRE.iter().copied()).any(|x| norm(x) == n) {
        return Some("repeats a training wording".into());
    }
    if kind == I {
        let trained: Vec<String> = TRAIN_WORDINGS.iter().filter(|t| t.0 == genre).flat_map(|t| t.1.iter().flat_map(|x| words(x))).filter(|x| !is_stop(x)).collect();
        if let Some(x) = words(wording).into_iter().filter(|x| !is_stop(x)).find(|x| trained.contains(x)) {
            return Some(format!("indirect, shares {x:?} with a training wording of its genre"));
        }
    }
    None
}

/// What the `set`-th blind set's wordings (the seventh on) must not
/// repeat: every written set before it and the example phrases the
/// exemplar candidate reads by.
pub(super) fn before_set(set: usize) -> Vec<(&'static str, Kind, &'static str)> {
    assert!((7..=dualrec::pipeline::written_requests::ALL_SETS.len() + 5).contains(&set), "the {set}th set");
    let examples = dualrec::pipeline::request::example_phrases(0, false).map(|(g, p)| (g, I, p));
    dualrec::pipeline::written_requests::ALL_SETS[..set - 5].iter().flat_map(|w| w.iter().copied()).chain(examples).collect()
}

/// The held-out wordings of `set`: those not dropped.
pub(super) fn held_out(set: &'static Wordings, earlier: &Wordings) -> Vec<&'static (&'static str, Kind, &'static str)> {
    set.iter().filter(|w| dropped_because(w.0, w.1, w.2, earlier).is_none()).collect()
}

/// How a set's kept wordings are put in place of the requests' own, and judged.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) enum Design {
    /// Each request draws one kept wording of its genre and kind, with
    /// replacement (the fifth to eleventh sets).
    Drawn,
    /// Each genre's kept wordings of a kind are dealt in a seeded order,
    /// cycling, so every one is read before any is read twice (a large set's
    /// wordings are not left unread by chance); paired genre F1 differences
    /// also get an interval at `level` over 10,000 resamples of wordings (the
    /// twelfth set: the third test of one candidate, corrected for three tries).
    Dealt { level: f64 },
}

/// The requests with a genre, their genre wording replaced by a held-out
/// one of the same genre (seeded: direct with probability 2/3, as the
/// templated requests' plain and synonym slots, then any of that kind; slot 0
/// for direct, 2 for indirect), drawn or dealt as `design` says; the others
/// unchanged.
fn reworded(queries: &[(usize, Query)], kept: &[&'static (&'static str, Kind, &'static str)], seed: u64, design: Design) -> Vec<(usize, Query)> {
    let mut rng = SplitMix(seed);
    // Dealing: each (genre, kind)'s wordings shuffled once (another stream), then taken in turn.
    let mut deal_rng = SplitMix(seed ^ 0x6465_616c);
    type Deck = (Vec<&'static (&'static str, Kind, &'static str)>, usize);
    let mut decks: BTreeMap<(&str, bool), Deck> = BTreeMap::new();
    queries
        .iter()
        .map(|(ci, q)| {
            if q.phrase.is_empty() {
                return (*ci, q.clone());
            }
            debug_assert!(q.text.starts_with(q.phrase));
            let of = |k: Kind| kept.iter().copied().filter(|w| w.0 == q.genres[0] && w.1 == k).collect::<Vec<_>>();
            let want = if rng.below(3) < 2 { D } else { I };
            let pool = [of(want), of(if want == D { I } else { D })].into_iter().find(|p| !p.is_empty()).unwrap_or_default();
            if pool.is_empty() {
                return (*ci, q.clone());
            }
            let w = match design {
                Design::Drawn => pool[rng.below(pool.len())],
                Design::Dealt { .. } => {
                    let (deck, next) = decks.entry((pool[0].0, pool[0].1 == D)).or_insert_with(|| {
                        let mut d = pool.clone();
                        for i in (1..d.len()).rev() {
                            d.swap(i, deal_rng.below(i + 1));
                        }
                        (d, 0)
                    });
                    let w = deck[*next % deck.len()];
                    *next += 1;
                    w
                }
            };
            (*ci, Query { text: format!("{}{}", w.2, &q.text[q.phrase.len()..]), wording: if w.1 == D { 0 } else { 2 }, phrase: w.2, ..q.clone() })
        })
        .collect()
}

/// What the set is measured with (the same as the templated requests').
pub(super) struct BlindSet<'a> {
    pub engine: &'a Engine,
    pub cases: &'a [protocol::Case],
    pub queries: &'a [(usize, Query)],
    /// The templated requests read without the LLM, with the target's rank without a request.
    pub rules_rows: &'a [Row<'a>],
    pub weights: QueryWeights,
    pub no_margin: QueryWeights,
    /// Also read so, paired (a candidate).
    pub compared: Option<Compared>,
    pub llm_mode: UnreadPhrases,
    pub has_llm: bool,
}

impl BlindSet<'_> {
    /// `set`'s held-out wordings (after `earlier`'s) in place of the requests' own; `what` describes the set.
    pub fn measure(&self, set: &'static Wordings, earlier: &Wordings, seed: u64, what: &str, design: Design) -> Result<serde_json::Value> {
        let kept = held_out(set, earlier);
        let requests = reworded(self.queries, &kept, seed, design);
        let read = |w: &QueryWeights, by: UnreadPhrases| -> Result<(Vec<Row>, Vec<f64>)> {
            let (mut rows, ms) = evaluate(self.engine, self.cases, &requests, w, false, by)?;
            // The same histories: "without" is the same recommend call.
            rows.iter_mut().zip(self.rules_rows).for_each(|(r, b)| r.3 = b.3);
            Ok((rows, ms))
        };
        let (rows, ms) = read(&self.weights, self.llm_mode)?;
        let llm_ms: Vec<f64> = rows.iter().zip(&ms).filter(|(r, _)| r.1.as_ref().is_some_and(|i| i.read_by_llm)).map(|(_, &m)| m).collect();
        let library = measure(&rows, ms, true);
        let (plain_rows, plain_ms) = read(&self.weights, UnreadPhrases::Similarity)?;
        let plain = measure(&plain_rows, plain_ms, true);
        // Where the library's LLM names only the film its genre margin is unused: margin 0 would read the same.
        let zero = if self.has_llm && !self.weights.llm_names_film_only() { let (r, ms) = read(&self.no_margin, self.llm_mode)?; Some(measure(&r, ms, true)) } else { None };
        let (other, other_rows) = match &self.compared {
            Some(c) => {
                let (r, ms) = read(&c.weights, self.llm_mode)?;
                (Some((c.key, measure(&r, ms, true))), Some((c.key, r)))
            }
            None => (None, None),
        };
        // Per wording: requests, mean genre F1 by the library and without the LLM.
        let mut per_wording: Vec<serde_json::Value> = Vec::new();
        for w in &kept {
            let f = |rows: &[Row]| -> Vec<f64> { rows.iter().filter(|r| r.0.phrase == w.2).map(|r| super::f1(&r.0.genres, &r.1.as_ref().map(|i| i.all_genres()).unwrap_or_default())).collect() };
            let (l, p) = (f(&rows), f(&plain_rows));
            let c = other_rows.as_ref().map(|(key, r)| (key, super::mean(&f(r))));
            // Whether an earlier set or example phrase of its genre has one of its content words (for the written-requests candidate).
            let content = |t: &str| words(t).into_iter().filter(|x| !is_stop(x)).collect::<Vec<_>>();
            let shares = content(w.2).iter().any(|x| earlier.iter().filter(|e| e.0 == w.0).any(|e| content(e.2).contains(x)));
            if !l.is_empty() {
                per_wording.push(serde_json::json!({"compared": c.map(|c| serde_json::json!({"key": c.0, "genre_f1": c.1})), "shares_content_word_with_earlier": shares, "genre": w.0, "kind": format!("{:?}", w.1).to_lowercase(), "wording": w.2, "requests": l.len(), "genre_f1_library": super::mean(&l), "genre_f1_without_llm": super::mean(&p),
                    "read_as": rows.iter().find(|r| r.0.phrase == w.2).map(|r| r.1.as_ref().map_or("(unclear: refused)".to_string(), |i| if i.all_genres().is_empty() { "none".to_string() } else { i.all_genres().join(", ") }))}));
            }
        }
        let dropped: Vec<serde_json::Value> = set.iter().filter_map(|w| dropped_because(w.0, w.1, w.2, earlier).map(|why| serde_json::json!({"genre": w.0, "kind": format!("{:?}", w.1).to_lowercase(), "wording": w.2, "why": why}))).collect();
        let mut out = serde_json::json!({
            "what": what,
            "wordings": {"written": set.len(), "kept_direct": kept.iter().filter(|w| w.1 == D).count(), "kept_indirect": kept.iter().filter(|w| w.1 == I).count(), "dropped": dropped},
            "keys": "genre_f1_wording0: direct wordings; genre_f1_wording2: indirect",
            "library": library.json(),
            "margin_0": zero.as_ref().map(|z| z.json()),
            "without_llm": plain.json(),
            "paired_library_minus_without_llm": paired_difference(&library, &plain),
            "paired_library_minus_margin_0": zero.as_ref().map(|z| paired_difference(&library, z)),
            "llm_calls_ms": {"calls": llm_ms.len(), "p50": (!llm_ms.is_empty()).then(|| percentile(&llm_ms, 0.5)), "p99": (!llm_ms.is_empty()).then(|| percentile(&llm_ms, 0.99))},
            "per_wording": per_wording,
        });
        if let Some((key, m)) = &other {
            out[*key] = m.json();
            out[format!("paired_library_minus_{key}")] = serde_json::json!(paired_difference(&library, m));
        }
        if let Design::Dealt { level } = design {
            out["design"] = serde_json::json!({"dealt": true, "test_level": level, "test_resamples": TEST_RESAMPLES,
                "wordings_read": per_wording.len(), "requests_reworded": requests.iter().filter(|r| !r.1.phrase.is_empty()).count()});
            let mut pairs: Vec<(String, &Measured)> = vec![("paired_library_minus_without_llm".into(), &plain)];
            if let Some((key, m)) = &other {
                pairs.push((format!("paired_library_minus_{key}"), m));
            }
            for (name, m) in pairs {
                for k in ["genre_f1", "genre_f1_wording0", "genre_f1_wording2"] {
                    if let Some(ci) = paired_wording_ci_at(&library, m, k, level, TEST_RESAMPLES) {
                        out[&name][k]["ci_test_level_resampling_wordings"] = serde_json::json!(ci);
                    }
                }
            }
        }
        Ok(out)
    }
}

/// The markdown section of [`BlindSet::measure`]'s JSON.
pub(super) fn md(j: &serde_json::Value, margin: f32, title: &str) -> String {
    let cell = |v: &serde_json::Value| {
        if v.is_null() { "—".to_string() } else { format!("{} [{:.3}–{:.3}]", super::mean_ci_cell(v), v["ci95_resampling_wordings"][0].as_f64().unwrap_or(0.0), v["ci95_resampling_wordings"][1].as_f64().unwrap_or(0.0)) }
    };
    let signed = |v: &serde_json::Value| if v.is_null() { "—".to_string() } else { format!("{} [{:+.3}…{:+.3}]", super::signed_ci_cell(v), v["ci95_resampling_wordings"][0].as_f64().unwrap_or(0.0), v["ci95_resampling_wordings"][1].as_f64().unwrap_or(0.0)) };
    let hr = |m: &serde_json::Value| format!("{:.4} ({:.2}×)", m["ranking"]["all"]["hr10_with"].as_f64().unwrap_or(0.0), m["ranking"]["all"]["hr10_ratio"].as_f64().unwrap_or(0.0));
    let w = &j["wordings"];
    let mut md = format!(
        "\n## {title}\n\n{}.\n\nKept {} direct and {} indirect wordings of {} written. Intervals: (resampling requests) [resampling wordings].\n\n| measure | the library (margin {margin}) | margin 0 | without the LLM | library minus without the LLM |\n|---|---|---|---|---|\n",
        j["what"].as_str().unwrap_or_default(), w["kept_direct"], w["kept_indirect"], w["written"]
    );
    for (k, name) in [("genre_f1", "genre F1"), ("genre_f1_wording0", "— direct"), ("genre_f1_wording2", "— indirect")] {
        md += &format!("| {name} | {} | {} | {} | {} |\n", cell(&j["library"]["reading"][k]), cell(&j["margin_0"]["reading"][k]), cell(&j["without_llm"]["reading"][k]), signed(&j["paired_library_minus_without_llm"][k]));
    }
    md += &format!("| HR@10 with the request (ratio to without) | {} | {} | {} | {} |\n", hr(&j["library"]), if j["margin_0"].is_null() { "—".into() } else { hr(&j["margin_0"]) }, hr(&j["without_llm"]), super::signed_ci_cell(&j["paired_library_minus_without_llm"]["hr10"]));
    for (key, name) in super::CANDIDATES {
        if !j[key].is_null() {
            let (c, d) = (&j[key]["reading"], &j[format!("paired_library_minus_{key}")]);
            md += &format!(
                "\nWith {name}: genre F1 {}, direct {}, indirect {}; HR@10 {}. The library minus it, paired: genre F1 {}, direct {}, indirect {}; HR@10 {}.\n",
                cell(&c["genre_f1"]), cell(&c["genre_f1_wording0"]), cell(&c["genre_f1_wording2"]), hr(&j[key]), signed(&d["genre_f1"]), signed(&d["genre_f1_wording0"]), signed(&d["genre_f1_wording2"]), super::signed_ci_cell(&d["hr10"])
            );
        }
    }
    if j["design"]["dealt"].as_bool() == Some(true) {
        let level = j["design"]["test_level"].as_f64().unwrap_or(0.0);
        md += &format!("\nDealt: {} wordings read over {} requests. Intervals at {:.4} ({} resamples of wordings in pairs), the library minus:", j["design"]["wordings_read"], j["design"]["requests_reworded"], level, j["design"]["test_resamples"]);
        for (key, name) in [("without_llm", "the reader without the LLM")].into_iter().chain(super::CANDIDATES.iter().copied()) {
            let d = &j[format!("paired_library_minus_{key}")];
            if !d.is_null() {
                let ci = |k: &str| format!("{:+.3} [{:+.3}…{:+.3}]", d[k]["mean"].as_f64().unwrap_or(0.0), d[k]["ci_test_level_resampling_wordings"][0].as_f64().unwrap_or(0.0), d[k]["ci_test_level_resampling_wordings"][1].as_f64().unwrap_or(0.0));
                md += &format!(" {name}: genre F1 {}, direct {}, indirect {};", ci("genre_f1"), ci("genre_f1_wording0"), ci("genre_f1_wording2"));
            }
        }
        md += "\n";
    }
    md += "\nIndirect wordings the library reads worst:\n\n| genre | wording | requests | genre F1: library / without the LLM | read as |\n|---|---|---|---|---|\n";
    let mut worst: Vec<&serde_json::Value> = j["per_wording"].as_array().into_iter().flatten().filter(|x| x["kind"] == "indirect").collect();
    worst.sort_by(|a, b| a["genre_f1_library"].as_f64().unwrap_or(0.0).total_cmp(&b["genre_f1_library"].as_f64().unwrap_or(0.0)));
    for x in worst.iter().take(12) {
        md += &format!("| {} | {} | {} | {:.2} / {:.2} | {} |\n", x["genre"].as_str().unwrap_or_default(), x["wording"].as_str().unwrap_or_default(), x["requests"], x["genre_f1_library"].as_f64().unwrap_or(0.0), x["genre_f1_without_llm"].as_f64().unwrap_or(0.0), x["read_as"].as_str().unwrap_or_default());
    }
    md
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Dealt, every kept wording of a genre and kind is read before any is
    /// read twice; drawn, some are left unread.
    #[test]
    fn dealing_reads_every_wording_before_repeating() {
        static SET: [(&str, Kind, &str); 8] = [
            ("Comedy", D, "one"), ("Comedy", D, "two"), ("Comedy", D, "three"), ("Comedy", D, "four"),
            ("Comedy", I, "five"), ("Comedy", I, "six"), ("Comedy", I, "seven"), ("Comedy", I, "eight"),
        ];
        let kept: Vec<_> = SET.iter().collect();
        let q = Query { kind: "genre", text: "a comedy please".into(), wording: 0, phrase: "a comedy", genres: vec!["Comedy".into()], years: None, reference: None };
        let plain = Query { phrase: "", text: "anything".into(), ..q.clone() };
        let queries: Vec<(usize, Query)> = (0..24).map(|i| (i, if i % 6 == 5 { plain.clone() } else { q.clone() })).collect();
        let dealt = reworded(&queries, &kept, 7, Design::Dealt { level: 0.95 });
        // The requests asking no genre are unchanged; the rest keep their tail.
        assert!(dealt.iter().filter(|r| r.0 % 6 == 5).all(|r| r.1.text == "anything"));
        assert!(dealt.iter().filter(|r| r.0 % 6 != 5).all(|r| r.1.text.ends_with(" please") && SET.iter().any(|w| w.2 == r.1.phrase)));
        for kind in [D, I] {
            let read: Vec<&str> = dealt.iter().filter(|r| !r.1.phrase.is_empty() && r.1.wording == if kind == D { 0 } else { 2 }).map(|r| r.1.phrase).collect();
            let first: Vec<&str> = read.iter().take(4).copied().collect();
            let mut distinct = first.clone();
            distinct.sort_unstable();
            distinct.dedup();
            assert_eq!(distinct.len(), first.len().min(4), "{kind:?}: {read:?}");
        }
        // Drawn with replacement, 20 requests over 8 wordings leave some read twice before others.
        let drawn = reworded(&queries, &kept, 7, Design::Drawn);
        assert!(drawn.iter().filter(|r| r.0 % 6 != 5).all(|r| SET.iter().any(|w| w.2 == r.1.phrase)));
    }

    /// The rule drops what training or an earlier evaluation saw, and keeps
    /// enough of each kind for every genre.
    #[test]
    fn blind_wordings_are_held_out() {
        assert_eq!(BLIND_GENRE_WORDINGS.len(), 180);
        // "a comedy" is a templated wording; "zombies" a Horror training word.
        assert!(dropped_because("Comedy", D, "a comedy", &[]).is_some());
        assert!(dropped_because("Horror", I, "something with zombies", &[]).is_some_and(|w| w.contains("zombies")));
        assert!(dropped_because("Comedy", D, "some comedies", &[]).is_none());
        // A word another genre's training wordings use is not the genre's cue.
        assert!(dropped_because("Crime", I, "something about bootleggers and racketeers", &[]).is_none());
        assert!(dropped_because("Comedy", D, "some comedies", BLIND_GENRE_WORDINGS).is_some_and(|w| w.contains("earlier")));
        let kept = held_out(BLIND_GENRE_WORDINGS, &[]);
        let sixth = held_out(BLIND_GENRE_WORDINGS_6, BLIND_GENRE_WORDINGS);
        assert_eq!(BLIND_GENRE_WORDINGS_6.len(), 180);
        // The seventh: none repeats an earlier set's wording or an example phrase.
        let earlier = before_set(7);
        let seventh = held_out(BLIND_GENRE_WORDINGS_7, &earlier);
        assert_eq!(BLIND_GENRE_WORDINGS_7.len(), 216);
        assert_eq!((seventh.iter().filter(|w| w.1 == D).count(), seventh.iter().filter(|w| w.1 == I).count()), (33, 74));
        let norm = |t: &str| words(t).join(" ");
        assert!(seventh.iter().all(|w| earlier.iter().all(|e| norm(e.2) != norm(w.2))));
        // The eighth (unread until its pre-registered run): likewise after the seventh.
        let before = before_set(8);
        assert_eq!(BLIND_GENRE_WORDINGS_8.len(), 216);
        assert!(held_out(BLIND_GENRE_WORDINGS_8, &before).iter().all(|w| before.iter().all(|e| norm(e.2) != norm(w.2))));
        // The ninth (unread until its pre-registered run): likewise after the eighth.
        let before = before_set(9);
        assert_eq!(BLIND_GENRE_WORDINGS_9.len(), 216);
        assert!(held_out(BLIND_GENRE_WORDINGS_9, &before).iter().all(|w| before.iter().all(|e| norm(e.2) != norm(w.2))));
        let before = before_set(10);
        assert_eq!(BLIND_GENRE_WORDINGS_10.len(), 216);
        assert!(held_out(BLIND_GENRE_WORDINGS_10, &before).iter().all(|w| before.iter().all(|e| norm(e.2) != norm(w.2))));
        let before = before_set(11);
        assert_eq!(BLIND_GENRE_WORDINGS_11.len(), 216);
        assert!(held_out(BLIND_GENRE_WORDINGS_11, &before).iter().all(|w| before.iter().all(|e| norm(e.2) != norm(w.2))));
        // The twelfth: three writers' 864, no two the same once normalised.
        let before = before_set(12);
        assert_eq!(BLIND_GENRE_WORDINGS_12.len(), 864);
        let mut n12: Vec<String> = BLIND_GENRE_WORDINGS_12.iter().map(|w| norm(w.2)).collect();
        n12.sort_unstable();
        n12.dedup();
        assert_eq!(n12.len(), 864);
        assert!(held_out(BLIND_GENRE_WORDINGS_12, &before).iter().all(|w| before.iter().all(|e| norm(e.2) != norm(w.2))));
        // The thirteenth: three writers' 864 less 11 repeated within the set.
        let before = before_set(13);
        assert_eq!(BLIND_GENRE_WORDINGS_13.len(), 853);
        let mut n13: Vec<String> = BLIND_GENRE_WORDINGS_13.iter().map(|w| norm(w.2)).collect();
        n13.sort_unstable();
        n13.dedup();
        assert_eq!(n13.len(), 853);
        assert!(held_out(BLIND_GENRE_WORDINGS_13, &before).iter().all(|w| before.iter().all(|e| norm(e.2) != norm(w.2))));
        // The fourteenth: three writers' 864, none repeated within the set.
        let before = before_set(14);
        assert_eq!(BLIND_GENRE_WORDINGS_14.len(), 864);
        let mut n14: Vec<String> = BLIND_GENRE_WORDINGS_14.iter().map(|w| norm(w.2)).collect();
        n14.sort_unstable();
        n14.dedup();
        assert_eq!(n14.len(), 864);
        assert!(held_out(BLIND_GENRE_WORDINGS_14, &before).iter().all(|w| before.iter().all(|e| norm(e.2) != norm(w.2))));
        for (genre, _) in GENRE_WORDS {
            assert!(kept.iter().any(|w| w.0 == *genre && w.1 == D) && kept.iter().any(|w| w.0 == *genre && w.1 == I), "{genre}");
            assert!(sixth.iter().any(|w| w.0 == *genre), "{genre}");
            assert!(seventh.iter().any(|w| w.0 == *genre), "{genre}");
        }
        for w in kept.iter().chain(&sixth).chain(&seventh).filter(|w| w.1 == I) {
            let trained: Vec<String> = TRAIN_WORDINGS.iter().filter(|t| t.0 == w.0).flat_map(|t| t.1.iter().flat_map(|x| words(x))).collect();
            assert!(words(w.2).iter().filter(|x| !is_stop(x)).all(|x| !trained.contains(x)), "{w:?}");
        }
    }
}
